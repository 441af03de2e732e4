using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-2 numerically: at random unbalanced points, for every component the instantaneous rate dσ_r/dt (chain rule with the
/// analytic gradient) lies between the two bounds for its sign of γ_r, with ε the instance's unbalancedness
/// (relative slack 1e-9). Control: with ε replaced by 0 (ignoring the unbalancedness) some bound is violated.
/// </summary>
public sealed class TF2_UnbalancedBoundsCheck : IClaimCheck
{
    public string ClaimId => "TF-2";

    /// <summary>Largest relative violation max(0, lower − rate, rate − upper)/scale over the components (0 when the bounds hold).</summary>
    public static double Violation(CpInstance c, double? epsilonOverride = null)
    {
        var m = c.Model;
        var theta = c.Theta;
        var grad = new double[theta.Length];
        c.Objective.ValueAndGradient(theta, grad);
        var end = new double[m.EndShape.Size];
        var endGrad = new double[end.Length];
        m.End(theta, end);
        c.Objective.Loss.ValueAndGradient(end, endGrad);
        var sigma = new double[m.Rank];
        var gamma = new double[m.Rank];
        ComponentNorm.All(m, theta, sigma);
        ComponentGamma.All(m, theta, endGrad, gamma);
        double epsilon = epsilonOverride ?? CpBalancednessResidual.Max(m, theta);
        int n = m.Order;
        double worst = 0;
        for (int r = 0; r < m.Rank; r++)
        {
            if (sigma[r] <= 1e-12) continue;
            double rate = 0;
            for (int k = 0; k < n; k++)
            {
                var w = m.Vector(theta, r, k);
                var g = m.Vector(grad, r, k);
                double dot = 0, sq = 0;
                for (int i = 0; i < w.Length; i++) { dot += w[i] * g[i]; sq += w[i] * w[i]; }
                rate += sigma[r] / sq * -dot;
            }
            double p = sigma[r], top = Math.Pow(p, 2.0 / n) + epsilon;
            double small = n * gamma[r] * p * p / top, large = n * gamma[r] * Math.Pow(top, n - 1);
            double lower = Math.Min(small, large), upper = Math.Max(small, large);
            double scale = Math.Max(Math.Abs(upper), Math.Abs(lower)) + 1e-300;
            worst = Math.Max(worst, Math.Max(0, Math.Max(lower - rate, rate - upper)) / scale);
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (2, 4, 3), (3, 4, 5), (4, 3, 4), (5, 2, 3) } : new[] { (2, 3, 2), (3, 4, 5), (4, 2, 3) };
        foreach (var (n, d, r) in sizes)
            for (int s = 0; s < 2; s++)
            {
                var c = CpInstance.Random(n, d, r, options.Seed + 10 * n + s, balanced: false, std: 0.9);
                rows.Add(new EvidenceRow($"rate within the bounds for every component, ε = {CpBalancednessResidual.Max(c.Model, c.Theta):0.00}, {c}", Violation(c), 1e-9));
            }
        var controls = new[] { (3, 4, 5), (4, 2, 3) }.Select(s =>
        {
            var c = CpInstance.Random(s.Item1, s.Item2, s.Item3, options.Seed + 3, balanced: false, std: 0.9);
            return new EvidenceRow($"control (assumption violated): ε taken as 0 at an unbalanced point, {c}", Violation(c, 0), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => CpInstance.Random(g, balanced: false), c => Violation(c) <= 1e-9);
}
