using System.Globalization;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// The stopping rules of one run, at most one of each kind (theory.md §8.1 A), and the results they produce: one wording
/// for <see cref="TrainingRun"/> and the device runner (Gpu/DeviceRun).
/// </summary>
public sealed record RunStops(MaxSteps? MaxStepsRule, TimeReached? TimeRule, LossBelow? LossRule, Divergence? DivergenceRule, LossReaches? StepLossRule = null)
{
    public long MaxSteps => MaxStepsRule?.Steps ?? long.MaxValue;
    public double TimeLimit => TimeRule?.Tau ?? double.PositiveInfinity;

    public static RunStops Of(IReadOnlyList<StoppingRule> rules)
    {
        foreach (var group in rules.GroupBy(r => r.GetType()))
            if (group.Count() > 1) throw new ArgumentException($"At most one {group.Key.Name} rule.", nameof(rules));
        var stops = new RunStops(rules.OfType<MaxSteps>().SingleOrDefault(), rules.OfType<TimeReached>().SingleOrDefault(),
            rules.OfType<LossBelow>().SingleOrDefault(), rules.OfType<Divergence>().SingleOrDefault(), rules.OfType<LossReaches>().SingleOrDefault());
        if (stops.LossRule is { Patience: < 1 }) throw new ArgumentException("LossBelow needs patience ≥ 1.", nameof(rules));
        return stops;
    }

    /// <summary>The loss rule's patience counter after a logged row with <paramref name="loss"/>.</summary>
    public int NextConsecutiveBelow(int consecutive, double loss) => LossRule is { } rule && loss < rule.Threshold ? consecutive + 1 : 0;

    /// <summary>Whether the patience counter has reached the loss rule's patience.</summary>
    public bool Converged(int consecutive) => LossRule is { } rule && consecutive >= rule.Patience;

    /// <summary>The <see cref="LossReaches"/> rule at an iterate (checked after every step), or null when it does not fire.</summary>
    public RunResult? ReachedLoss(long k, double tau, double loss) =>
        StepLossRule is { } rule && loss <= rule.Threshold ? Stop(StopReason.Converged, rule, $"loss ≤ {Format(rule.Threshold)}", k, tau, loss) : null;

    public RunResult Cancelled(long k, double tau, double loss) => Stop(StopReason.Cancelled, null, "cancelled", k, tau, loss);

    public RunResult ReachedMaxSteps(long k, double tau, double loss) => Stop(StopReason.MaxSteps, MaxStepsRule, $"reached {MaxSteps} steps", k, tau, loss);

    public RunResult ReachedTime(long k, double tau, double loss) =>
        Stop(StopReason.TimeReached, TimeRule, $"reached τ = {Format(tau)} ≥ {Format(TimeLimit)}", k, tau, loss);

    public RunResult NonFinite(long k, double tau, double loss) => Stop(StopReason.Diverged, DivergenceRule, $"loss became {Format(loss)}", k, tau, loss);

    public RunResult AboveFactor(long k, double tau, double loss, double initialLoss) =>
        Stop(StopReason.Diverged, DivergenceRule, $"loss {Format(loss)} exceeds {Format(DivergenceRule!.Factor)} × initial loss {Format(initialLoss)}", k, tau, loss);

    public RunResult ConvergedResult(long k, double tau, double loss) =>
        Stop(StopReason.Converged, LossRule, $"loss below {Format(LossRule!.Threshold)} at {LossRule.Patience} consecutive logs", k, tau, loss);

    private static RunResult Stop(StopReason reason, StoppingRule? rule, string message, long k, double tau, double loss) =>
        new(reason, rule, k, tau, loss, $"{message} (k = {k}, τ = {Format(tau)}, loss = {Format(loss)})");

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
