using System.Numerics.Tensors;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Deep MF balancedness C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ ∈ ℝ^{n_j×n_j}, j = 1…N−1 (ACH18; theory.md §2.1, MF-C1):
/// constant under gradient flow; C_j = 0 for all j is a balanced initialization.
/// </summary>
public static class BalancednessResidual
{
    /// <summary>C_j written into <paramref name="c"/> (n_j × n_j, row-major).</summary>
    public static void Compute(DeepMatrixFactorization model, ReadOnlySpan<double> theta, int j, Span<double> c)
    {
        if (j < 1 || j >= model.Depth) throw new ArgumentOutOfRangeException(nameof(j), $"C_j exists for j = 1…{model.Depth - 1}, not {j}.");
        int nj = model.Widths[j];
        Gemm.TN(nj, nj, model.Widths[j + 1], 1, model.Layer(theta, j + 1), model.Layer(theta, j + 1), 0, c);
        Gemm.NT(nj, nj, model.Widths[j - 1], -1, model.Layer(theta, j), model.Layer(theta, j), 1, c);
    }

    /// <summary>max_j ‖C_j‖_F (0 for a balanced point).</summary>
    public static double MaxFrobenius(DeepMatrixFactorization model, ReadOnlySpan<double> theta)
    {
        double worst = 0;
        for (int j = 1; j < model.Depth; j++)
        {
            var c = new double[model.Widths[j] * model.Widths[j]];
            Compute(model, theta, j, c);
            double s = 0;
            foreach (var x in c) s += x * x;
            worst = Math.Max(worst, Math.Sqrt(s));
        }
        return worst;
    }

    /// <summary>tr C_j = ‖W_{j+1}‖_F² − ‖W_j‖_F² (conserved for every init, theory.md §1.2).</summary>
    public static double Trace(DeepMatrixFactorization model, ReadOnlySpan<double> theta, int j) =>
        TensorPrimitives.SumOfSquares(model.Layer(theta, j + 1)) - TensorPrimitives.SumOfSquares(model.Layer(theta, j));
}
