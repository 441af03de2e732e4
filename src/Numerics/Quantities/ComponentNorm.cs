using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// CP component norms σ_T^(r) = ‖⊗_n w_r^n‖ = Π_n ‖w_r^n‖ (theory.md §5.1), and the official evaluator's
/// top-k: sorted descending, first k = 10 (theory.md §1.1; imp_reg_in_tf cp_factorization_evaluator.py L181–198).
/// </summary>
public static class ComponentNorm
{
    public const int OfficialTopK = 10;

    /// <summary>σ_T^(r) of component r (0-based).</summary>
    public static double Of(CpFactorization model, ReadOnlySpan<double> theta, int r)
    {
        double p = 1;
        for (int n = 0; n < model.Order; n++) p *= TensorPrimitives.Norm(model.Vector(theta, r, n));
        return p;
    }

    /// <summary>σ_T^(r) for r = 0 … R−1 into <paramref name="sigma"/> (length R).</summary>
    public static void All(CpFactorization model, ReadOnlySpan<double> theta, Span<double> sigma)
    {
        for (int r = 0; r < model.Rank; r++) sigma[r] = Of(model, theta, r);
    }

    /// <summary>The min(k, R) largest component norms, descending.</summary>
    public static double[] TopK(CpFactorization model, ReadOnlySpan<double> theta, int k = OfficialTopK)
    {
        var sigma = new double[model.Rank];
        All(model, theta, sigma);
        var top = new double[Math.Min(k, model.Rank)];
        TopK(sigma, top);
        return top;
    }

    /// <summary>Fills <paramref name="top"/> (length ≤ values.Length) with the largest values, descending.</summary>
    public static void TopK(ReadOnlySpan<double> values, Span<double> top)
    {
        if (top.Length > values.Length) throw new ArgumentException($"Top {top.Length} of only {values.Length} values.", nameof(top));
        if (top.IsEmpty) return;
        int filled = 0;
        foreach (double x in values)
        {
            int i;
            if (filled < top.Length) i = filled++;
            else if (x > top[^1]) i = top.Length - 1;
            else continue;
            for (; i > 0 && x > top[i - 1]; i--) top[i] = top[i - 1];
            top[i] = x;
        }
    }
}
