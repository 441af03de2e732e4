using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Per-mode factor norms: ‖w_r^n‖ for CP (theory.md §5.1) and s_r^(n) = ‖a_r^n‖, the column norms of the
/// factor matrices A^(n) = W_L^(n) ⋯ W_1^(n), for deep CP (theory.md §7 DT-1). Written row-major R × N:
/// norms[r·N + n].
/// </summary>
public static class FactorNorm
{
    public static void All(CpFactorization model, ReadOnlySpan<double> theta, Span<double> norms)
    {
        for (int r = 0; r < model.Rank; r++)
            for (int n = 0; n < model.Order; n++)
                norms[r * model.Order + n] = TensorPrimitives.Norm(model.Vector(theta, r, n));
    }

    /// <summary>s_r^(n) = ‖a_r^n‖ (uses the model's buffers).</summary>
    public static void All(DeepCpFactorization model, ReadOnlySpan<double> theta, Span<double> norms) =>
        All(model.Cp, model.FactorVectors(theta), norms);
}
