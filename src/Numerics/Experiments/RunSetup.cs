using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// Everything one training run of a sweep needs, built fresh for the run (models own scratch buffers and are not
/// thread-safe): the objective φ = ℒ∘end, a factory for the optimizer, θ₀, the logging interval, the quantities
/// logged with k, τ and the loss, and the stopping rules (theory.md §8.1 A).
/// </summary>
public sealed class RunSetup
{
    private readonly Func<IOptimizer> _optimizer;
    private readonly StoppingRule[] _rules;

    public RunSetup(Objective objective, Func<IOptimizer> optimizer, double[] initialTheta, int logEvery,
        IReadOnlyList<IQuantity> quantities, IReadOnlyList<StoppingRule> rules)
    {
        if (initialTheta.Length != objective.Dimension)
            throw new ArgumentException($"θ₀ has {initialTheta.Length} entries, {objective.Model.Name} has {objective.Dimension} parameters.", nameof(initialTheta));
        if (!rules.OfType<MaxSteps>().Any()) throw new ArgumentException("A sweep's run needs a MaxSteps rule (it bounds the run and its progress bar).", nameof(rules));
        Objective = objective;
        _optimizer = optimizer;
        InitialTheta = initialTheta;
        LogEvery = logEvery;
        Quantities = quantities;
        _rules = [.. rules];
    }

    public Objective Objective { get; }
    public double[] InitialTheta { get; }
    public int LogEvery { get; }
    public IReadOnlyList<IQuantity> Quantities { get; }
    public IReadOnlyList<StoppingRule> Rules => _rules;
    public long MaxSteps => _rules.OfType<MaxSteps>().Single().Steps;

    public IOptimizer NewOptimizer() => _optimizer();

    public TrainingRun NewRun() =>
        new(new Simulation(Objective, _optimizer(), InitialTheta), new Recorder(LogEvery, Quantities), _rules);

    public TrainingRun Resume(SimulationState state) =>
        TrainingRun.Resume(state, Objective, _optimizer(), new Recorder(LogEvery, Quantities), _rules);

    /// <summary>
    /// The run a `simulate` configuration describes, with <paramref name="additionalRules"/> beside the configuration's
    /// own (e.g. <see cref="LossReaches"/>, which a configuration does not express).
    /// </summary>
    public static RunSetup From(Problem problem, params StoppingRule[] additionalRules) =>
        new(problem.Objective, problem.Spec.Optimizer.Build, problem.InitialTheta, problem.Spec.Run.LogEvery, problem.Quantities,
            [.. problem.StoppingRules(), .. additionalRules]);
}
