using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-7 numerically: f(x) = ⟨𝒲, ⊗_n x^n⟩ (order 4, D = 3, patch I = modes {0, 1}) with 𝒲 = A ⊗ B (rank-1 matricization
/// ⟦𝒲⟧_I, i.e. separable): 1 − |cos(∇_{x_I}f(x), ∇_{x_I}f(x'))| ≈ 0 (1e-12) when x' changes x^2, x^3 only. Control: a Gaussian
/// 𝒲 (matricization rank > 1) gives |cos| &lt; 1.
/// </summary>
public sealed class HTF7_SeparableGradientDirectionCheck : IClaimCheck
{
    public string ClaimId => "HTF-7";

    private const int Order = 4;

    /// <summary>1 − |cos| between the patch gradients at x and x' (x' = x with x^2, x^3 redrawn).</summary>
    public static double OneMinusAbsCos(int dim, int seed, bool separable)
    {
        var g = new Gaussian(seed);
        int size = (int)Math.Pow(dim, Order);
        var w = new double[size];
        if (separable)
        {
            var a = new double[dim * dim];
            var b = new double[dim * dim];
            g.Fill(a, 1);
            g.Fill(b, 1);
            for (int k = 0; k < size; k++) w[k] = a[k / (dim * dim)] * b[k % (dim * dim)];
        }
        else g.Fill(w, 1);
        var x = Enumerable.Range(0, Order).Select(_ => { var v = new double[dim]; g.Fill(v, 1); return v; }).ToArray();
        var xp = x.Select((v, n) => { if (n < 2) return v; var u = new double[dim]; g.Fill(u, 1); return u; }).ToArray();
        var patch = new LocalityRegularizer(new TensorShape(Enumerable.Repeat(dim, Order).ToArray()), [0, 1], [2, 3]);
        var gx = new double[patch.PatchSize];
        var gxp = new double[patch.PatchSize];
        patch.PatchGradient(w, x, gx);
        patch.PatchGradient(w, xp, gxp);
        double dot = 0, n1 = 0, n2 = 0;
        for (int i = 0; i < gx.Length; i++) { dot += gx[i] * gxp[i]; n1 += gx[i] * gx[i]; n2 += gxp[i] * gxp[i]; }
        return 1 - Math.Abs(dot) / Math.Sqrt(n1 * n2);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = Enumerable.Range(0, 4).Select(s => new EvidenceRow($"separable 𝒲 = A ⊗ B, order 4, D = {2 + s % 3}, seed {options.Seed + s}: 1 − |cos|",
            OneMinusAbsCos(2 + s % 3, options.Seed + s, separable: true), 1e-12)).ToList();
        var controls = new List<EvidenceRow> { new("control (assumption violated): Gaussian 𝒲 (not separable), D = 3: 1 − |cos|", OneMinusAbsCos(3, options.Seed, separable: false), 1e-12) };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Dim: 1 + g.NextInt(4), Seed: g.NextInt(1_000_000)),
            x => OneMinusAbsCos(x.Dim, x.Seed, separable: true) <= 1e-12, x => $"D = {x.Dim}, seed {x.Seed}");
}
