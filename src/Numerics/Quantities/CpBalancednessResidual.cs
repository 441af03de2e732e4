using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Deviation from balance of a CP factorization: per component max_{n,n'} |‖w_r^n‖² − ‖w_r^{n'}‖²|, conserved by
/// gradient flow (TF-C1, theory.md §1.2) and changed by exactly η²(‖g_r^n‖² − ‖g_r^{n'}‖²) per GD step (TF-C2).
/// Its maximum over r at θ(0) is the unbalancedness ε of theory.md §5.1 (TF-1 needs ε = 0; TF-2 bounds use ε).
/// </summary>
public static class CpBalancednessResidual
{
    /// <summary>max_{n,n'} |‖w_r^n‖² − ‖w_r^{n'}‖²| of component r (0-based).</summary>
    public static double Of(CpFactorization model, ReadOnlySpan<double> theta, int r)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int n = 0; n < model.Order; n++)
        {
            var w = model.Vector(theta, r, n);
            double a = TensorPrimitives.Dot(w, w);
            lo = Math.Min(lo, a);
            hi = Math.Max(hi, a);
        }
        return hi - lo;
    }

    /// <summary><see cref="Of"/> for r = 0 … R−1 into <paramref name="residual"/> (length R).</summary>
    public static void PerComponent(CpFactorization model, ReadOnlySpan<double> theta, Span<double> residual)
    {
        for (int r = 0; r < model.Rank; r++) residual[r] = Of(model, theta, r);
    }

    /// <summary>max_r max_{n,n'} |‖w_r^n‖² − ‖w_r^{n'}‖²|.</summary>
    public static double Max(CpFactorization model, ReadOnlySpan<double> theta)
    {
        double max = 0;
        for (int r = 0; r < model.Rank; r++) max = Math.Max(max, Of(model, theta, r));
        return max;
    }

    /// <summary>ε := <see cref="Max"/> at the initialization θ(0) (theory.md §5.1).</summary>
    public static double Unbalancedness(CpFactorization model, ReadOnlySpan<double> initialTheta) => Max(model, initialTheta);
}
