using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Dt21 = ImplicitReg.Theory.Claims.DeepTensorFactorization.DT21_SliceNormDynamics;

namespace ImplicitReg.Numerics.Checks.DeepTensorFactorization;

/// <summary>
/// DT-2.2 numerically: for random tensors, the HOSVD core 𝒞 = 𝒲 ×_n V^(n)ᵀ has ‖𝒞^(n)_i‖_F = σ_i(𝒲_(n)) (1e-12 of σ₁).
/// Control: the core of a random (non-orthogonal) Tucker factorization does not. (Moved from HosvdProperties.)
/// </summary>
public sealed class DT22_HosvdCoreSliceNormsCheck : IClaimCheck
{
    public string ClaimId => "DT-2.2";

    /// <summary>max_{n,i} |‖𝒞^(n)_i‖ − σ_i(𝒲_(n))| / σ₁ for a core computed from <paramref name="tensor"/> with factors V^(n)ᵀ (or random factors when <paramref name="orthogonal"/> is false).</summary>
    public static double RelativeDeviation(int[] dims, int seed, bool orthogonal = true)
    {
        var shape = new TensorShape(dims);
        var tensor = new double[shape.Size];
        var g = new Gaussian(seed);
        g.Fill(tensor, 1);
        var tucker = new TuckerFactorization(dims, dims);
        var factors = new double[tucker.FactorsSize];
        for (int n = 0; n < shape.Order; n++)
        {
            var target = tucker.Factor(factors.AsSpan(), n);
            if (!orthogonal) { g.Fill(target, 1); continue; }
            var v = ModeUnfoldingSpectrum.Unfolding(tensor, shape, n).Svd(true).U;
            for (int a = 0; a < dims[n]; a++)
                for (int i = 0; i < dims[n]; i++) target[a * dims[n] + i] = v[i, a];
        }
        var core = new double[shape.Size];
        tucker.End(tensor, factors, core);
        double worst = 0, top = 1e-300;
        for (int n = 0; n < shape.Order; n++)
        {
            var norms = CoreSliceNorms.Compute(core, shape, n);
            var sigma = ModeUnfoldingSpectrum.SingularValues(tensor, shape, n);
            top = Math.Max(top, sigma[0]);
            for (int i = 0; i < norms.Length; i++) worst = Math.Max(worst, Math.Abs(norms[i] - (i < sigma.Length ? sigma[i] : 0)));
        }
        return worst / top;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var dims in new[] { new[] { 4, 3, 5 }, [5, 5, 5], [3, 4], [2, 3, 2, 3] })
            rows.Add(new EvidenceRow($"HOSVD core slice norms vs mode singular values, dims [{string.Join(",", dims)}]", RelativeDeviation(dims, options.Seed + dims.Sum()), 1e-12));
        var controls = new List<EvidenceRow> { new("control (assumption violated): random non-orthogonal factors, dims [4,3,5]", RelativeDeviation([4, 3, 5], options.Seed, orthogonal: false), 1e-12) };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed,
            g => (Dims: Enumerable.Range(0, 1 + g.NextInt(3)).Select(_ => 1 + g.NextInt(4)).ToArray(), Seed: g.NextInt(1_000_000)),
            x => RelativeDeviation(x.Dims, x.Seed) <= 1e-12, x => $"dims [{string.Join(",", x.Dims)}], seed {x.Seed}");
}
