using ImplicitReg.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Singular values of the mode-n unfolding 𝒲_(n) ∈ ℝ^{D_n × Π_{m≠n} D_m} and the numerical multilinear rank
/// (theory.md §1.1, DT-2.2). By DT-2.2 these equal the core slice norms of the HOSVD core, so the H24 code's "HOSVD"
/// counts (model.py L202–214) are the counts of mode-n singular values above {0.1, 1, 10}. Mode n is 0-based.
/// </summary>
public static class ModeUnfoldingSpectrum
{
    /// <summary>The thresholds of the H24 code's counts (model.py L171–222).</summary>
    public static IReadOnlyList<double> CodeThresholds { get; } = [0.1, 1, 10];

    /// <summary>𝒲_(n): row a_n, columns the remaining indices in C order.</summary>
    public static Matrix<double> Unfolding(ReadOnlySpan<double> tensor, TensorShape shape, int mode)
    {
        if (tensor.Length < shape.Size) throw new ArgumentException($"Tensor has {tensor.Length} of {shape.Size} entries {shape}.", nameof(tensor));
        int d = shape[mode], b = shape.Strides[mode], a = shape.Size / (d * b);
        var unfolding = Matrix<double>.Build.Dense(d, a * b);
        for (int p = 0; p < a; p++)
            for (int i = 0; i < d; i++)
                for (int q = 0; q < b; q++)
                    unfolding[i, p * b + q] = tensor[(p * d + i) * b + q];
        return unfolding;
    }

    /// <summary>σ_1 ≥ … ≥ σ_k of 𝒲_(n), k = min(D_n, Π_{m≠n} D_m).</summary>
    public static double[] SingularValues(ReadOnlySpan<double> tensor, TensorShape shape, int mode) =>
        Unfolding(tensor, shape, mode).Svd(false).S.ToArray();

    /// <summary>The number of values strictly above <paramref name="threshold"/>.</summary>
    public static int CountAbove(IReadOnlyList<double> values, double threshold) => values.Count(v => v > threshold);

    /// <summary>Numerical multilinear rank: per mode, the number of singular values of 𝒲_(n) above <paramref name="threshold"/>.</summary>
    public static int[] MultilinearRank(ReadOnlySpan<double> tensor, TensorShape shape, double threshold)
    {
        var rank = new int[shape.Order];
        for (int n = 0; n < shape.Order; n++) rank[n] = CountAbove(SingularValues(tensor, shape, n), threshold);
        return rank;
    }

    /// <summary>The H24 code's counts: [mode][t] = number of mode-n singular values above <see cref="CodeThresholds"/>[t].</summary>
    public static int[][] CodeCounts(ReadOnlySpan<double> tensor, TensorShape shape)
    {
        var counts = new int[shape.Order][];
        for (int n = 0; n < shape.Order; n++)
        {
            var s = SingularValues(tensor, shape, n);
            counts[n] = CodeThresholds.Select(t => CountAbove(s, t)).ToArray();
        }
        return counts;
    }
}
