using System.Numerics.Tensors;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Deep MF balancedness C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ (theory.md §2.1 MF-C1) and its trace.</summary>
public static class Balancedness
{
    public static double[] Matrix(DeepMatrixFactorization model, ReadOnlySpan<double> theta, int j)
    {
        int nj = model.Widths[j];
        var c = new double[nj * nj];
        Gemm.TN(nj, nj, model.Widths[j + 1], 1, model.Layer(theta, j + 1), model.Layer(theta, j + 1), 0, c);
        Gemm.NT(nj, nj, model.Widths[j - 1], -1, model.Layer(theta, j), model.Layer(theta, j), 1, c);
        return c;
    }

    /// <summary>tr C_j = ‖W_{j+1}‖² − ‖W_j‖².</summary>
    public static double Trace(DeepMatrixFactorization model, ReadOnlySpan<double> theta, int j) =>
        TensorPrimitives.SumOfSquares(model.Layer(theta, j + 1)) - TensorPrimitives.SumOfSquares(model.Layer(theta, j));

    /// <summary>The columns trC1 … trC_{N−1}, as recorder quantities.</summary>
    public static IQuantity[] TraceQuantities(DeepMatrixFactorization model) =>
        Enumerable.Range(1, model.Depth - 1)
            .Select(j => (IQuantity)new Quantity($"trC{j}", (theta, _) => Trace(model, theta, j)))
            .ToArray();
}
