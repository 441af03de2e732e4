using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Singular values (descending) and vectors of a row-major m×n matrix, through MathNet's SVD
/// (theory.md §1.1; MF-6, MF-7, MF-11). Allocates: call it at logging steps, not inside a simulation step.
/// </summary>
public static class MatrixSpectrum
{
    public static Matrix<double> ToMatrix(ReadOnlySpan<double> rowMajor, int rows, int cols)
    {
        if (rowMajor.Length != rows * cols) throw new ArgumentException($"A {rows}×{cols} matrix needs {rows * cols} entries, got {rowMajor.Length}.");
        var m = Matrix<double>.Build.Dense(rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                m[i, j] = rowMajor[i * cols + j];
        return m;
    }

    public static double[] SingularValues(ReadOnlySpan<double> rowMajor, int rows, int cols) =>
        ToMatrix(rowMajor, rows, cols).Svd(computeVectors: false).S.ToArray();

    /// <summary>W = U·diag(S)·Vᵀ with U m×k, V n×k, k = min(m, n).</summary>
    public static (Matrix<double> U, double[] S, Matrix<double> V) Decompose(ReadOnlySpan<double> rowMajor, int rows, int cols)
    {
        var svd = ToMatrix(rowMajor, rows, cols).Svd(computeVectors: true);
        int k = Math.Min(rows, cols);
        return (svd.U.SubMatrix(0, rows, 0, k), svd.S.ToArray(), svd.VT.Transpose().SubMatrix(0, cols, 0, k));
    }

    /// <summary>det W of a square matrix (LU), theory.md MF-9, NN-1.</summary>
    public static double Determinant(ReadOnlySpan<double> rowMajor, int n) => ToMatrix(rowMajor, n, n).Determinant();
}
