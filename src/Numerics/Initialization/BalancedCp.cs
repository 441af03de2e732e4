using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// Balanced CP initialization (theory.md §8.1 B): each component's vectors rescaled to the geometric-mean norm,
/// w_r^n ← w_r^n · (Π_m ‖w_r^m‖)^{1/N} / ‖w_r^n‖. The component tensors (hence 𝒲_e) are unchanged and
/// ε = 0 (theory.md §5.1), the hypothesis of TF-1.
/// </summary>
public static class BalancedCp
{
    /// <summary>Rescales θ in place. A component with a zero vector is a zero tensor; all its vectors are set to 0.</summary>
    public static void Rescale(CpFactorization model, Span<double> theta)
    {
        int order = model.Order;
        Span<double> norms = order <= 128 ? stackalloc double[order] : new double[order];
        for (int r = 0; r < model.Rank; r++)
        {
            double logMean = 0;
            bool zero = false;
            for (int n = 0; n < order; n++)
            {
                norms[n] = TensorPrimitives.Norm(model.Vector(theta, r, n));
                zero |= norms[n] == 0;
                logMean += Math.Log(norms[n]);
            }
            if (zero)
            {
                for (int n = 0; n < order; n++) model.Vector(theta, r, n).Clear();
                continue;
            }
            // Geometric mean through logs: Π_m ‖w_r^m‖ may under/overflow for large N (TF-E3: N = 784).
            double target = Math.Exp(logMean / order);
            for (int n = 0; n < order; n++)
            {
                var w = model.Vector(theta, r, n);
                TensorPrimitives.Multiply(w, target / norms[n], w);
            }
        }
    }
}
