namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Effective rank erank = exp(−Σᵢ pᵢ log pᵢ), pᵢ = σᵢ/Σⱼσⱼ over the non-zero σ (theory.md §1.1; RMC22 evaluator);
/// ACHL19's plotting notebook adds 10⁻¹⁰ inside the log (<see cref="Achl19"/>).
/// </summary>
public static class EffectiveRank
{
    public static double Of(ReadOnlySpan<double> singularValues) => Compute(singularValues, 0);

    public static double Achl19(ReadOnlySpan<double> singularValues) => Compute(singularValues, 1e-10);

    private static double Compute(ReadOnlySpan<double> sigma, double logShift)
    {
        double total = 0;
        foreach (var s in sigma) if (s > 0) total += s;
        if (total == 0) return 0;
        double h = 0;
        foreach (var s in sigma)
        {
            if (s <= 0) continue;
            double p = s / total;
            h -= p * Math.Log(p + logShift);
        }
        return Math.Exp(h);
    }
}
