using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// The slice components of a (deep) Tucker factorization (theory.md DT-2, DT-2.1): per mode n (0-based) and core index i,
/// the core slice norm s^(n)_i = ‖𝒢^(n)_i‖_F, the end factor column norm ‖f^(n)_i‖ = ‖U^(n)_{:,i}‖ and their product
/// Q^(n)_i = s^(n)_i·‖f^(n)_i‖ (the magnitude of 𝒲^(n,i) = 𝒢 restricted to slice i, times the factors).
/// </summary>
public sealed record SliceComponents(double[][] SliceNorms, double[][] ColumnNorms, double[][] Q)
{
    public static SliceComponents Of(DeepTuckerFactorization model, ReadOnlySpan<double> theta)
    {
        var factors = new double[model.Tucker.FactorsSize];
        model.EndFactors(theta, factors);
        return Of(model.Tucker, model.Core(theta), factors);
    }

    public static SliceComponents Of(TuckerFactorization model, ReadOnlySpan<double> theta) =>
        Of(model, theta[..model.CoreShape.Size], theta[model.CoreShape.Size..]);

    /// <summary>From a core and a factor block [U^(1) | … | U^(N)] laid out as <paramref name="tucker"/> expects.</summary>
    public static SliceComponents Of(TuckerFactorization tucker, ReadOnlySpan<double> core, ReadOnlySpan<double> factors)
    {
        int order = tucker.Order;
        var s = CoreSliceNorms.AllModes(core, tucker.CoreShape);
        var f = new double[order][];
        var q = new double[order][];
        for (int n = 0; n < order; n++)
        {
            f[n] = FactorColumnNorms(tucker.Factor(factors, n), tucker.Dims[n], tucker.Ranks[n]);
            q[n] = new double[tucker.Ranks[n]];
            for (int i = 0; i < q[n].Length; i++) q[n][i] = s[n][i] * f[n][i];
        }
        return new SliceComponents(s, f, q);
    }

    /// <summary>Euclidean norms of the columns of a row-major rows × columns matrix.</summary>
    public static double[] FactorColumnNorms(ReadOnlySpan<double> matrix, int rows, int columns)
    {
        var norms = new double[columns];
        for (int a = 0; a < rows; a++)
            for (int i = 0; i < columns; i++)
                norms[i] += matrix[a * columns + i] * matrix[a * columns + i];
        for (int i = 0; i < columns; i++) norms[i] = Math.Sqrt(norms[i]);
        return norms;
    }
}
