namespace ImplicitReg.Numerics.Quantities;

/// <summary>Mean and sample standard deviation of the diagonal and of the off-diagonal entries of |Uᵀ G V|.</summary>
public readonly record struct AlignmentStatistics(double DiagonalMean, double DiagonalStd, double OffDiagonalMean, double OffDiagonalStd);

/// <summary>
/// Alignment of the loss gradient with the singular vectors of W (theory.md §1.1 "alignment"; ACHL19 Fig. 3 col. 4,
/// deep_matrix_factorization main.py L288–302): M = |Uᵀ G V| entrywise, with W = U S Vᵀ the reduced SVD (k = min(m, n))
/// and G = ∇ℓ(W); the statistics of diag(M) (k entries) and of its off-diagonal entries (k² − k), standard deviations
/// with the n − 1 denominator as torch.std. MF-6 reads σ̇_r from the diagonal ⟨∇ℓ, u_r v_rᵀ⟩ = (UᵀGV)_rr; MF-7's rotation of
/// the singular vectors from the off-diagonal. Allocates (an SVD): call it at logging steps.
/// </summary>
public static class GradientAlignment
{
    public static AlignmentStatistics Of(ReadOnlySpan<double> w, ReadOnlySpan<double> gradient, int rows, int cols)
    {
        if (Math.Min(rows, cols) < 2) throw new ArgumentException($"The alignment of a {rows}×{cols} matrix has no off-diagonal entries: it needs min(rows, cols) ≥ 2.");
        var (u, _, v) = MatrixSpectrum.Decompose(w, rows, cols);
        var m = u.TransposeThisAndMultiply(MatrixSpectrum.ToMatrix(gradient, rows, cols)) * v;
        int k = m.RowCount;
        var diagonal = new double[k];
        var off = new double[k * k - k];
        for (int i = 0, at = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if (i == j) diagonal[i] = Math.Abs(m[i, j]);
                else off[at++] = Math.Abs(m[i, j]);
        var (dm, ds) = MeanAndSampleStd(diagonal);
        var (om, os) = MeanAndSampleStd(off);
        return new AlignmentStatistics(dm, ds, om, os);
    }

    private static (double Mean, double Std) MeanAndSampleStd(double[] xs)
    {
        double mean = xs.Average();
        double ss = 0;
        foreach (var x in xs) ss += (x - mean) * (x - mean);
        return (mean, Math.Sqrt(ss / (xs.Length - 1)));
    }
}
