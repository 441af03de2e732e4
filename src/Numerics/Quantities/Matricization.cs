using ImplicitReg.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Matricization ⟦𝒲⟧_ν (RMC22; theory.md §6.1, §1.1; official common/utils/tensor.py `matricize` L177–188):
/// rows indexed by the modes in ν, columns by the rest, both in increasing mode order and C order (last mode
/// fastest); its singular values and effective rank erank = exp(−Σ p_i log p_i), p_i = σ_i / Σ_j σ_j over σ_i &gt; 0
/// (ht_factorization_evaluator.py L251–292). Modes are 0-based.
/// </summary>
public static class Matricization
{
    /// <summary>(rows, columns) of ⟦𝒲⟧_ν.</summary>
    public static (int Rows, int Columns) ShapeOf(TensorShape shape, IReadOnlyCollection<int> rowModes)
    {
        var isRow = RowMask(shape, rowModes);
        int rows = 1;
        for (int n = 0; n < shape.Order; n++) if (isRow[n]) rows *= shape[n];
        return (rows, shape.Size / rows);
    }

    /// <summary>⟦𝒲⟧_ν as a row-major rows × columns matrix.</summary>
    public static void Unfold(TensorShape shape, ReadOnlySpan<double> tensor, IReadOnlyCollection<int> rowModes, Span<double> matrix)
    {
        var isRow = RowMask(shape, rowModes);
        var (rows, cols) = ShapeOf(shape, rowModes);
        if (tensor.Length < shape.Size || matrix.Length < rows * cols)
            throw new ArgumentException($"Tensor {shape} has {tensor.Length} entries; matrix {rows}×{cols} has {matrix.Length}.");
        // Row (column) stride of each mode within the row (column) multi-index, C order over the selected modes.
        var rowStride = new int[shape.Order];
        var colStride = new int[shape.Order];
        int rs = 1, cs = 1;
        for (int n = shape.Order - 1; n >= 0; n--)
        {
            if (isRow[n]) { rowStride[n] = rs; rs *= shape[n]; }
            else { colStride[n] = cs; cs *= shape[n]; }
        }
        var idx = new int[shape.Order];
        for (int linear = 0; linear < shape.Size; linear++)
        {
            shape.MultiIndex(linear, idx);
            int i = 0, j = 0;
            for (int n = 0; n < shape.Order; n++)
            {
                if (isRow[n]) i += idx[n] * rowStride[n];
                else j += idx[n] * colStride[n];
            }
            matrix[i * cols + j] = tensor[linear];
        }
    }

    /// <summary>Singular values of ⟦𝒲⟧_ν, descending.</summary>
    public static double[] SingularValues(TensorShape shape, ReadOnlySpan<double> tensor, IReadOnlyCollection<int> rowModes)
    {
        var (rows, cols) = ShapeOf(shape, rowModes);
        var rowMajor = new double[rows * cols];
        Unfold(shape, tensor, rowModes, rowMajor);
        // A row-major rows×cols array is the column-major cols×rows transpose: same singular values.
        return Matrix<double>.Build.Dense(cols, rows, rowMajor).Svd(computeVectors: false).S.ToArray();
    }

    /// <summary>exp(−Σ p_i log p_i), p_i = σ_i / Σ_j σ_j over σ_i &gt; 0 (theory.md §1.1); 0 for the zero matrix.</summary>
    public static double EffectiveRank(ReadOnlySpan<double> singularValues)
    {
        double sum = 0;
        foreach (double s in singularValues) if (s > 0) sum += s;
        if (sum == 0) return 0;
        double entropy = 0;
        foreach (double s in singularValues)
            if (s > 0)
            {
                double p = s / sum;
                entropy -= p * Math.Log(p);
            }
        return Math.Exp(entropy);
    }

    /// <summary>Numerical rank: |{i : σ_i &gt; relativeTolerance · σ_max}|.</summary>
    public static int NumericalRank(ReadOnlySpan<double> singularValues, double relativeTolerance)
    {
        double max = 0;
        foreach (double s in singularValues) max = Math.Max(max, s);
        int rank = 0;
        foreach (double s in singularValues) if (s > relativeTolerance * max) rank++;
        return rank;
    }

    private static bool[] RowMask(TensorShape shape, IReadOnlyCollection<int> rowModes)
    {
        var isRow = new bool[shape.Order];
        foreach (int n in rowModes)
        {
            if ((uint)n >= (uint)shape.Order) throw new ArgumentOutOfRangeException(nameof(rowModes), $"Mode {n} is outside 0..{shape.Order - 1} of {shape}.");
            if (isRow[n]) throw new ArgumentException($"Mode {n} is listed twice.", nameof(rowModes));
            isRow[n] = true;
        }
        return isRow;
    }
}
