using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// What an "init scale" means differs per repository (theory.md §1): each convention by name.
/// </summary>
public enum InitScaleConvention
{
    /// <summary>ACHL19 <c>init_scale</c> ≈ average entry magnitude of the product: per-layer std = scale^{1/N}·n^{−1/2}.</summary>
    Achl19ProductScale,
    /// <summary>RC20 <c>init_alpha</c>: per-layer entry std (unbalanced init).</summary>
    Rc20LayerStd,
    /// <summary>RMC21/RMC22 <c>init_std</c>: std of every parameter entry.</summary>
    RmcEntryStd,
    /// <summary>H24 code (deep Tucker): σ = std_init·d·ln(d+1), slices and chains norm-matched (theory.md §7.2).</summary>
    H24CodeStd,
}

/// <summary>Seeded initializations of deep matrix factorization (theory.md §1, §8.1 B).</summary>
public static class MatrixInitialization
{
    /// <summary>Gaussian layers under a named scale convention; n in ACHL19's rule is the layer's input width.</summary>
    public static void Gaussian(DeepMatrixFactorization model, Span<double> theta, double scale, InitScaleConvention convention, int seed)
    {
        if (!(scale >= 0) || !double.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"Init scale must be finite and ≥ 0, got {scale}.");
        var g = new Gaussian(seed);
        for (int j = 1; j <= model.Depth; j++)
        {
            double std = convention switch
            {
                InitScaleConvention.Achl19ProductScale => Math.Pow(scale, 1.0 / model.Depth) / Math.Sqrt(model.Widths[j - 1]),
                _ => scale,
            };
            g.Fill(model.Layer(theta, j), std);
        }
    }

    /// <summary>
    /// ACHL19 "identity" init (main.py <c>init_model</c>; theory.md §3.2, MF-E3): every layer = scale^{1/N}·I (ones on
    /// the main diagonal of a rectangular layer, as torch's <c>eye_</c>), so W_e(0) = scale·I on the leading diagonal
    /// and C_j = 0 for square layers (exactly balanced).
    /// </summary>
    public static void Identity(DeepMatrixFactorization model, Span<double> theta, double scale)
    {
        if (!(scale >= 0) || !double.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"Init scale must be finite and ≥ 0, got {scale}.");
        double diagonal = Math.Pow(scale, 1.0 / model.Depth);
        for (int j = 1; j <= model.Depth; j++)
        {
            var w = model.Layer(theta, j);
            int rows = model.Widths[j], cols = model.Widths[j - 1];
            w.Clear();
            for (int i = 0; i < Math.Min(rows, cols); i++) w[i * cols + i] = diagonal;
        }
    }

    /// <summary>
    /// Balanced init from a product W_e(0) = U S Vᵀ (theory.md MF-1 check (b), §8.1 B): W_1 = S^{1/N}Vᵀ,
    /// W_j = S^{1/N} (1 &lt; j &lt; N), W_N = U S^{1/N}, zero-padded for wider hidden layers; then C_j = 0 and
    /// every layer has the singular values σ_r(W_e)^{1/N} (MF-11). Hidden widths must be ≥ min(rows, cols).
    /// </summary>
    public static void Balanced(DeepMatrixFactorization model, Span<double> theta, ReadOnlySpan<double> product)
    {
        int rows = model.Widths[model.Depth], cols = model.Widths[0], n = model.Depth;
        int k = Math.Min(rows, cols);
        for (int j = 1; j < n; j++)
            if (model.Widths[j] < k) throw new ArgumentException($"Hidden width n_{j} = {model.Widths[j]} is below min(rows, cols) = {k}: a balanced split of an arbitrary product needs it.");
        var (u, s, v) = MatrixSpectrum.Decompose(product, rows, cols);
        var root = s.Select(x => Math.Pow(x, 1.0 / n)).ToArray();
        theta.Clear();
        if (n == 1)
        {
            product.CopyTo(model.Layer(theta, 1));
            return;
        }
        var w1 = model.Layer(theta, 1);              // n_1 × cols: rows r < k are σ_r^{1/N} v_rᵀ
        for (int r = 0; r < k; r++)
            for (int c = 0; c < cols; c++)
                w1[r * cols + c] = root[r] * v[c, r];
        for (int j = 2; j < n; j++)                  // n_j × n_{j−1}: diag(σ^{1/N}) in the top-left block
        {
            var w = model.Layer(theta, j);
            for (int r = 0; r < k; r++) w[r * model.Widths[j - 1] + r] = root[r];
        }
        var wn = model.Layer(theta, n);              // rows × n_{N−1}: columns r < k are σ_r^{1/N} u_r
        int hidden = model.Widths[n - 1];
        for (int i = 0; i < rows; i++)
            for (int r = 0; r < k; r++)
                wn[i * hidden + r] = u[i, r] * root[r];
    }
}
