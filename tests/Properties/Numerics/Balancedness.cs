using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Test-side shorthands over <see cref="BalancednessResidual"/> (theory.md §2.1 MF-C1).</summary>
public static class Balancedness
{
    public static double[] Matrix(DeepMatrixFactorization model, ReadOnlySpan<double> theta, int j)
    {
        var c = new double[model.Widths[j] * model.Widths[j]];
        BalancednessResidual.Compute(model, theta, j, c);
        return c;
    }

    /// <summary>tr C_j = ‖W_{j+1}‖² − ‖W_j‖².</summary>
    public static double Trace(DeepMatrixFactorization model, ReadOnlySpan<double> theta, int j) => BalancednessResidual.Trace(model, theta, j);

    /// <summary>The columns trC1 … trC_{N−1}, as recorder quantities.</summary>
    public static IQuantity[] TraceQuantities(DeepMatrixFactorization model) =>
        Enumerable.Range(1, model.Depth - 1)
            .Select(j => (IQuantity)new Quantity($"trC{j}", (theta, _) => Trace(model, theta, j)))
            .ToArray();
}
