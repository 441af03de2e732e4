namespace ImplicitReg.Numerics.Experiments.Analysis;

/// <summary>
/// When a growing logged curve (a singular value, a component norm) rises, and how sharply (theory.md MF-8 "depth
/// sharpens"; MF-E3): with P the curve's peak, the iterations at which it first reaches <c>low</c>·P, ½P and
/// <c>high</c>·P, each interpolated linearly between the two logged rows around the crossing. A sharp transition has a
/// window (t_high − t_low) short next to the time it takes to get there: <see cref="RelativeWidth"/> = (t_high − t_low)/t_½.
/// For σ̇ = N c σ^(2−2/N) from σ₀ ≪ P (MF-8) it is ≈ 3.2 for N = 1 (linear approach to a plateau), ln 81 / ln(P/(10σ₀))
/// for N = 2 (logistic), and smaller still for N ≥ 3 (finite-time blow-up).
/// </summary>
public sealed record Transition(double Low, double Middle, double High)
{
    /// <summary>(t_high − t_low)/t_½; infinite when the curve is already at half its peak in the first row.</summary>
    public double RelativeWidth => Middle > 0 ? (High - Low) / Middle : double.PositiveInfinity;

    public static Transition Of(IReadOnlyList<double> iterations, IReadOnlyList<double> curve, double low = 0.1, double high = 0.9)
    {
        if (iterations.Count != curve.Count) throw new ArgumentException($"{iterations.Count} iterations for {curve.Count} values.");
        if (curve.Count == 0) throw new ArgumentException("No logged rows.");
        if (!(low > 0 && low < 0.5 && high > 0.5 && high <= 1)) throw new ArgumentOutOfRangeException(nameof(low), $"Need 0 < low < ½ < high ≤ 1, got low = {low}, high = {high}.");
        double peak = curve.Max();
        if (!(peak > 0) || !double.IsFinite(peak)) throw new ArgumentException($"The curve's peak is {peak}; a transition needs a positive finite peak.");
        return new Transition(Crossing(iterations, curve, low * peak), Crossing(iterations, curve, 0.5 * peak), Crossing(iterations, curve, high * peak));
    }

    /// <summary>The first iteration at which the curve reaches <paramref name="level"/> (it does: level ≤ the peak).</summary>
    private static double Crossing(IReadOnlyList<double> iterations, IReadOnlyList<double> curve, double level)
    {
        if (curve[0] >= level) return iterations[0];
        for (int t = 1; t < curve.Count; t++)
            if (curve[t] >= level)
                return iterations[t - 1] + (iterations[t] - iterations[t - 1]) * (level - curve[t - 1]) / (curve[t] - curve[t - 1]);
        throw new InvalidOperationException("unreachable: the peak reaches every level below it");
    }
}
