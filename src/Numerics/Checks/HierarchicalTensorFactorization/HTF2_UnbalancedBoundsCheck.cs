using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-2 numerically: at random unbalanced HTF points, for every local component the chain-rule rate dσ_H/dt lies between
/// the two bounds of its sign of γ (ε = the instance's unbalancedness, relative slack 1e-9). Control: ε taken as 0.
/// </summary>
public sealed class HTF2_UnbalancedBoundsCheck : IClaimCheck
{
    public string ClaimId => "HTF-2";

    public static double Violation(HtfInstance c, double? epsilonOverride = null)
    {
        var m = c.Model;
        var theta = c.Theta;
        var (endGradient, grad) = c.Gradients(theta);
        var deltas = new LocalComponentTensor(m);
        double epsilon = epsilonOverride ?? HtfBalancednessResidual.Of(m, theta);
        double worst = 0;
        foreach (int v in m.Tree.InteriorNodes)
        {
            int k = m.Tree.K(v);
            var (squared, along) = (new double[k], new double[k]);
            for (int r = 0; r < m.Width(v); r++)
            {
                double p = LocalComponentNorm.Of(m, theta, v, r);
                if (p <= 1e-12) continue;
                m.LocalComponentSquaredNorms(theta, v, r, squared);
                m.LocalComponentInnerProducts(theta, grad, v, r, along);
                double rate = 0;
                for (int j = 0; j < k; j++) rate -= along[j] / squared[j];
                rate *= p;
                double gamma = deltas.Gamma(theta, v, r, endGradient);
                double top = Math.Pow(p, 2.0 / k) + epsilon;
                double small = k * gamma * p * p / top, large = k * gamma * Math.Pow(top, k - 1);
                double lower = Math.Min(small, large), upper = Math.Max(small, large);
                double scale = Math.Max(Math.Abs(upper), Math.Abs(lower)) + 1e-300;
                worst = Math.Max(worst, Math.Max(0, Math.Max(lower - rate, rate - upper)) / scale);
            }
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var models = new[]
        {
            Htf.Checkerboard(4, 3, 3),
            new Htf(ModeTree.FromNested("((0,1),2)"), [2, 3, 2], [2, 3]),
            new Htf(HtfInstance.RandomNested(5, options.Seed), [2, 2, 3, 2, 2], 2),
        };
        foreach (var model in models)
            for (int s = 0; s < 2; s++)
            {
                var c = HtfInstance.Random(model, options.Seed + 20 + s, balanced: false);
                rows.Add(new EvidenceRow($"rate within the bounds for every local component, ε = {HtfBalancednessResidual.Of(model, c.Theta):0.00}, {c}", Violation(c), 1e-9));
            }
        var controls = models.Take(2).Select(model =>
        {
            var c = HtfInstance.Random(model, options.Seed + 7, balanced: false);
            return new EvidenceRow($"control (assumption violated): ε taken as 0 at an unbalanced point, {c}", Violation(c, 0), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => HtfInstance.Random(g, balanced: false), c => Violation(c) <= 1e-9);
}
