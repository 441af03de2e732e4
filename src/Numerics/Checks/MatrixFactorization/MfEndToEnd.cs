using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// The end-to-end objects of ACH18 (theory.md MF-1, MF-2) for the deep-MF checks: fractional powers of PSD matrices
/// by symmetric eigendecomposition (theory.md MF-2 numerics tip), the end-to-end right-hand side
/// −Σ_j [WWᵀ]^{(j−1)/N} ∇ℓ [WᵀW]^{(N−j)/N}, the preconditioner P_W (column-major vec) and its predicted spectrum.
/// </summary>
public static class MfEndToEnd
{
    /// <summary>Eigenvalues below this fraction of the largest one are rounding noise of a zero eigenvalue and are set to 0.</summary>
    public const double ZeroEigenvalueCutoff = 1e-12;

    /// <summary>
    /// A^p for symmetric PSD A: V diag(λ^p) Vᵀ by symmetric EVD, with λ ≤ cutoff·λ_max (tiny negative or rounding-level
    /// positive) set to 0 — otherwise a zero eigenvalue computed as 1e−16 would come back as (1e−16)^{1/N}, far from 0 —
    /// and the convention 0⁰ = 1 (A⁰ = I also on the null space).
    /// </summary>
    public static Matrix<double> PsdPower(Matrix<double> a, double p)
    {
        var sym = (a + a.Transpose()) * 0.5;
        var evd = sym.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Select(z => z.Real).ToArray();
        double max = Math.Max(lambda.Max(), 0);
        var powered = lambda.Select(l => Math.Pow(l <= ZeroEigenvalueCutoff * max ? 0 : l, p)).ToArray();
        var v = evd.EigenVectors;
        return v * Matrix<double>.Build.DenseOfDiagonalArray(powered) * v.Transpose();
    }

    /// <summary>−Σ_{j=1}^N [WWᵀ]^{(j−1)/N} G [WᵀW]^{(N−j)/N} (theory.md MF-1, λ = 0), as a matrix.</summary>
    public static Matrix<double> Rule(Matrix<double> w, Matrix<double> gradient, int depth)
    {
        var left = w * w.Transpose();
        var right = w.Transpose() * w;
        var sum = Matrix<double>.Build.Dense(w.RowCount, w.ColumnCount);
        for (int j = 1; j <= depth; j++)
            sum += PsdPower(left, (j - 1.0) / depth) * gradient * PsdPower(right, (double)(depth - j) / depth);
        return -sum;
    }

    /// <summary>MF-1's right-hand side at θ, row-major like W_e.</summary>
    public static double[] Rule(MfInstance c, ReadOnlySpan<double> theta)
    {
        var (end, endGrad, _) = MfAlgebra.EndAndGradient(c, theta);
        return ToRowMajor(Rule(MatrixSpectrum.ToMatrix(end, c.Rows, c.Cols), MatrixSpectrum.ToMatrix(endGrad, c.Rows, c.Cols), c.Model.Depth));
    }

    /// <summary>P_W = Σ_j (WᵀW)^{(N−j)/N} ⊗ (WWᵀ)^{(j−1)/N} (theory.md MF-2), acting on column-major vec of a rows×cols matrix.</summary>
    public static Matrix<double> Preconditioner(Matrix<double> w, int depth)
    {
        var left = w * w.Transpose();
        var right = w.Transpose() * w;
        int size = w.RowCount * w.ColumnCount;
        var p = Matrix<double>.Build.Dense(size, size);
        for (int j = 1; j <= depth; j++)
            p += PsdPower(right, (double)(depth - j) / depth).KroneckerProduct(PsdPower(left, (j - 1.0) / depth));
        return p;
    }

    /// <summary>
    /// MF-2's predicted eigenvalues Σ_j σ_r^{2(j−1)/N} σ_{r'}^{2(N−j)/N} for r over rows, r' over columns (σ zero-padded,
    /// 0⁰ = 1), sorted ascending. Singular values at rounding level (≤ 1e−10·σ_max) count as 0, as in <see cref="PsdPower"/>.
    /// </summary>
    public static double[] PredictedSpectrum(double[] sigma, int rows, int cols, int depth)
    {
        double max = sigma.Length == 0 ? 0 : sigma.Max();
        double At(int r) => r < sigma.Length && sigma[r] > 1e-10 * max ? sigma[r] : 0;
        var values = new List<double>(rows * cols);
        for (int r = 0; r < rows; r++)
            for (int rp = 0; rp < cols; rp++)
            {
                double s = 0;
                for (int j = 1; j <= depth; j++)
                    s += Math.Pow(At(r), 2.0 * (j - 1) / depth) * Math.Pow(At(rp), 2.0 * (depth - j) / depth);
                values.Add(s);
            }
        values.Sort();
        return [.. values];
    }

    /// <summary>Column-major vec of a matrix.</summary>
    public static Vector<double> Vec(Matrix<double> a) => Vector<double>.Build.DenseOfArray(a.ToColumnMajorArray());

    public static double[] ToRowMajor(Matrix<double> a) => a.ToRowMajorArray();

    /// <summary>‖a − b‖ / max(‖b‖, tiny) (Frobenius / Euclidean).</summary>
    public static double Relative(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), 1e-300);
    }

    /// <summary>
    /// Balanced (or Gaussian, when not balanced) instances of the theory.md §3.1 setting: depth 2–4, rows and columns
    /// 2–5 each, hidden widths min(rows, cols) + 0…2 (so rectangular and over-wide hidden layers are covered).
    /// </summary>
    public static MfInstance RandomRectangular(Gaussian g, bool balanced)
    {
        int depth = 2 + g.NextInt(3), rows = 2 + g.NextInt(4), cols = 2 + g.NextInt(4), k = Math.Min(rows, cols);
        var widths = new int[depth + 1];
        widths[0] = cols;
        widths[depth] = rows;
        for (int j = 1; j < depth; j++) widths[j] = k + g.NextInt(3);
        return MfInstance.Random(widths, g.NextInt(1_000_000), balanced);
    }
}
