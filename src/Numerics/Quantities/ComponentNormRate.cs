using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Predicted gradient-flow rates of component norms: TF-1 (RMC21 Thm 1, ε = 0; theory.md §5.1) for CP and
/// DT-1 (theory.md §7, our derivation) for deep CP at an aligned balanced point.
/// </summary>
public static class ComponentNormRate
{
    /// <summary>TF-1: dσ/dt = N σ^(2−2/N) γ for a balanced component of norm σ (order N).</summary>
    public static double Balanced(int order, double sigma, double gamma) => order * Math.Pow(sigma, 2 - 2.0 / order) * gamma;

    /// <summary>
    /// DT-1: Ṗ_r = L P_r² γ_r Σ_n (s_r^(n))^(−2/L), P_r = Π_n s_r^(n), for the factor norms s_r^(1..N) of one
    /// component and depth L.
    /// </summary>
    public static double DeepAligned(int depth, ReadOnlySpan<double> factorNorms, double gamma)
    {
        double p = 1, sum = 0;
        foreach (double s in factorNorms)
        {
            p *= s;
            sum += Math.Pow(s, -2.0 / depth);
        }
        return depth * p * p * gamma * sum;
    }

    /// <summary>DT-1 with equal factor norms across modes: Ṗ = N L P^(2−2/(NL)) γ.</summary>
    public static double DeepAlignedEqualNorms(int order, int depth, double p, double gamma) =>
        order * depth * Math.Pow(p, 2 - 2.0 / (order * depth)) * gamma;

    /// <summary>DT-1 Ṗ_r for every component of a deep CP model given the end gradient ∇ℒ (into <paramref name="rate"/>, length R).</summary>
    public static void DeepAligned(DeepCpFactorization model, ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> rate)
    {
        int order = model.Order, rank = model.Rank;
        var a = model.FactorVectors(theta);
        Span<double> gamma = rank <= 256 ? stackalloc double[rank] : new double[rank];
        Span<double> norms = rank * order <= 1024 ? stackalloc double[rank * order] : new double[rank * order];
        ComponentGamma.All(model.Cp, a, endGradient, gamma);
        FactorNorm.All(model.Cp, a, norms);
        for (int r = 0; r < rank; r++) rate[r] = DeepAligned(model.Depth, norms.Slice(r * order, order), gamma[r]);
    }
}
