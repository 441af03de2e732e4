using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-R (theory.md §6.2): the locality regularizer 𝓡 on the network f(x) = ⟨𝒲_H, ⊗_n x^n⟩ of an HTF over the
/// checkerboard tree of order 4 (modes = input positions, D features each).
/// Numeric: ∂𝓡/∂𝒲 and ∂𝓡/∂θ (the model's one Backward applied to ∂𝓡/∂𝒲) against central finite differences;
/// 𝓡 = 1 with one local component at the root (R_root = 1: ⟦𝒲_H⟧_{0,1} has rank one, f(x) = g(x_0, x_1)·h(x_2, x_3))
/// and I = {0}, J = {2}. Controls (assumption violated): R_root = 3 (not separable), and I = {0}, J = {1} on the same side
/// of the root's split (g itself is not separable).
/// The implementation is also compared with a PyTorch transcription of the official trainer (tests, where torch exists).
/// </summary>
public sealed class HTFR_LocalityRegularizerCheck : IClaimCheck
{
    public string ClaimId => "HTF-R";

    private const int Order = 4;

    /// <summary>An HTF instance (checkerboard tree, order 4) with R_root = <paramref name="rootWidth"/> and 3 elsewhere, θ ~ 𝒩(0, 1).</summary>
    public static (Htf Model, double[] Theta, double[] End) Instance(int dim, int rootWidth, int seed)
    {
        var tree = ModeTree.Checkerboard(Order);
        var widths = Enumerable.Repeat(3, tree.InteriorCount).ToArray();
        widths[tree.Root - Order] = rootWidth;
        var model = new Htf(tree, Enumerable.Repeat(dim, Order).ToArray(), widths);
        var theta = new double[model.Layout.Size];
        new Gaussian(seed).Fill(theta, 1);
        var end = new double[model.EndShape.Size];
        model.End(theta, end);
        return (model, theta, end);
    }

    /// <summary>A batch of <paramref name="count"/> inputs, features ~ 𝒩(0, 1).</summary>
    public static double[][][] Batch(int count, int dim, int seed)
    {
        var g = new Gaussian(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Order).Select(_ =>
        {
            var v = new double[dim];
            g.Fill(v, 1);
            return v;
        }).ToArray()).ToArray();
    }

    /// <summary>1 − 𝓡 for an instance with R_root = <paramref name="rootWidth"/>, patches I and J.</summary>
    public static double OneMinusR(int dim, int rootWidth, int[] patchI, int[] patchJ, int batch, int seed)
    {
        var (model, _, end) = Instance(dim, rootWidth, seed);
        return 1 - new LocalityRegularizer(model.EndShape, patchI, patchJ).Value(end, Batch(batch, dim, seed + 1));
    }

    /// <summary>Relative error of ∂𝓡/∂𝒲 against central differences (step 1e-6).</summary>
    public static double EndGradientError(int dim, int seed)
    {
        var (model, _, end) = Instance(dim, 3, seed);
        var reg = new LocalityRegularizer(model.EndShape, [0], [2]);
        var batch = Batch(4, dim, seed + 1);
        var analytic = new double[end.Length];
        reg.ValueAndGradient(end, batch, analytic);
        var numeric = CentralDifferences(end, w => reg.Value(w, batch), 1e-6);
        return RelativeError(analytic, numeric);
    }

    /// <summary>Relative error of ∂𝓡/∂θ = Backward(θ, ∂𝓡/∂𝒲) against central differences in θ (step 1e-5: 𝓡 is O(1) while its θ-gradient can be small).</summary>
    public static double ParameterGradientError(int dim, int seed, double h = 1e-5)
    {
        var (model, theta, end) = Instance(dim, 3, seed);
        var reg = new LocalityRegularizer(model.EndShape, [0], [2]);
        var batch = Batch(3, dim, seed + 1);
        var endGradient = new double[end.Length];
        reg.ValueAndGradient(end, batch, endGradient);
        var analytic = new double[theta.Length];
        model.Backward(theta, endGradient, analytic);
        var scratch = new double[end.Length];
        var numeric = CentralDifferences(theta, t => { model.End(t, scratch); return reg.Value(scratch, batch); }, h);
        return RelativeError(analytic, numeric);
    }

    private static double[] CentralDifferences(double[] at, Func<double[], double> f, double h)
    {
        var x = (double[])at.Clone();
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x[i];
            x[i] = keep + h;
            double plus = f(x);
            x[i] = keep - h;
            double minus = f(x);
            x[i] = keep;
            result[i] = (plus - minus) / (2 * h);
        }
        return result;
    }

    private static double RelativeError(double[] a, double[] b)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++) { diff += (a[i] - b[i]) * (a[i] - b[i]); norm += b[i] * b[i]; }
        return Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), 1e-300);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        int s = options.Seed;
        var rows = new List<EvidenceRow>
        {
            new("∂𝓡/∂𝒲 vs central differences, D = 2, B = 4, I = {0}, J = {2}", EndGradientError(2, s), 1e-6),
            new("∂𝓡/∂θ = Backward(θ, ∂𝓡/∂𝒲) vs central differences in θ, D = 2, B = 3", ParameterGradientError(2, s + 10), 1e-6),
        };
        foreach (int dim in new[] { 2, 3 })
            rows.Add(new($"R_root = 1 (f = g(x₀,x₁)h(x₂,x₃)), D = {dim}, B = 8, I = {{0}}, J = {{2}}: 1 − 𝓡",
                OneMinusR(dim, 1, [0], [2], 8, s + dim), 1e-12));
        rows.Add(new("R_root = 1, I = {0,1}, J = {2,3}, D = 2, B = 8: 1 − 𝓡", OneMinusR(2, 1, [0, 1], [2, 3], 8, s + 7), 1e-12));
        var controls = new List<EvidenceRow>
        {
            new("control (not separable): R_root = 3, D = 3, I = {0}, J = {2}: 1 − 𝓡", OneMinusR(3, 3, [0], [2], 8, s), 1e-12),
            new("control (I, J on the same side of the split): R_root = 1, I = {0}, J = {1}: 1 − 𝓡", OneMinusR(3, 1, [0], [1], 8, s), 1e-12),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases / 2, options.Seed,
            g => (Dim: 1 + g.NextInt(3), Batch: 1 + g.NextInt(5), Scale: (g.NextInt(2) == 0 ? -1 : 1) * (0.1 + 3 * Math.Abs(g.Next())), Seed: g.NextInt(1_000_000)),
            c =>
            {
                var (model, _, end) = Instance(c.Dim, 3, c.Seed);
                var reg = new LocalityRegularizer(model.EndShape, [0], [2]);
                var batch = Batch(c.Batch, c.Dim, c.Seed + 1);
                double r = reg.Value(end, batch);
                double scaled = reg.Value(end.Select(w => c.Scale * w).ToArray(), batch);
                bool inRange = r >= -1e-15 && r <= 1 + 1e-12;
                bool scaleInvariant = Math.Abs(r - scaled) <= 1e-12;
                bool singleSample = c.Batch > 1 || Math.Abs(1 - r) <= 1e-12; // B = 1: x' = x
                bool separable = OneMinusR(Math.Max(c.Dim, 1), 1, [0], [3], c.Batch, c.Seed) <= 1e-12;
                return inRange && scaleInvariant && singleSample && separable;
            },
            c => $"D = {c.Dim}, B = {c.Batch}, scale {c.Scale:G3}, seed {c.Seed}");
}
