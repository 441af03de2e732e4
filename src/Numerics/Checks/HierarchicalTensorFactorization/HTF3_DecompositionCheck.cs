using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>HTF-3: max over interior ν of ‖Σ_r σ_H^(ν,r) Δ^(ν,r) − 𝒲_H‖_∞ / max(1, ‖𝒲_H‖_∞) at random points.</summary>
public sealed class HTF3_DecompositionCheck : IClaimCheck
{
    public string ClaimId => "HTF-3";

    public static double RelativeDeviation(HtfInstance c)
    {
        var model = c.Model;
        var end = new double[model.EndShape.Size];
        model.End(c.Theta, end);
        var deltas = new LocalComponentTensor(model);
        var delta = new double[end.Length];
        double worst = 0, scale = Math.Max(1, end.Max(Math.Abs));
        foreach (int v in model.Tree.InteriorNodes)
        {
            var sum = new double[end.Length];
            for (int r = 0; r < model.Width(v); r++)
            {
                double sigma = LocalComponentNorm.Of(model, c.Theta, v, r);
                if (sigma == 0) continue;
                deltas.Compute(c.Theta, v, r, delta);
                for (int i = 0; i < sum.Length; i++) sum[i] += sigma * delta[i];
            }
            for (int i = 0; i < sum.Length; i++) worst = Math.Max(worst, Math.Abs(sum[i] - end[i]));
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var g = new Gaussian(options.Seed);
        for (int i = 0; i < (options.Thorough ? 20 : 5); i++)
        {
            var c = HtfInstance.Random(g, balanced: false);
            rows.Add(new EvidenceRow($"Σ_r σΔ vs 𝒲_H, every interior node, {c}", RelativeDeviation(c), 1e-12));
        }
        return new NumericEvidence(rows);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => HtfInstance.Random(g, balanced: false), c => RelativeDeviation(c) <= 1e-12);
}
