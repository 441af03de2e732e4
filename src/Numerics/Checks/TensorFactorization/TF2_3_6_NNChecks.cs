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

/// <summary>
/// TF-3 numerically: zero two vectors (modes 0 and 1) of a component, run GD steps: those vectors stay exactly zero and
/// σ_T^(r) = 0; at a balanced point with all vectors of the component zeroed, all stay zero. Control: one zero vector revives.
/// </summary>
public sealed class TF3_ZeroStaysZeroCheck : IClaimCheck
{
    public string ClaimId => "TF-3";

    /// <summary>After <paramref name="steps"/> GD steps from θ with the first <paramref name="zeroed"/> vectors of component r zeroed: σ_T^(r) plus the squared norms of the zeroed vectors.</summary>
    public static double AfterSteps(CpInstance c, int r, int zeroed, int steps = 5, double eta = 1e-3)
    {
        var m = c.Model;
        var theta = (double[])c.Theta.Clone();
        for (int n = 0; n < zeroed; n++) m.Vector(theta.AsSpan(), r, n).Clear();
        var g = new double[theta.Length];
        for (int s = 0; s < steps; s++)
        {
            c.Objective.ValueAndGradient(theta, g);
            for (int i = 0; i < theta.Length; i++) theta[i] -= eta * g[i];
        }
        double result = ComponentNorm.Of(m, theta, r);
        for (int n = 0; n < zeroed; n++)
            foreach (double x in m.Vector((ReadOnlySpan<double>)theta, r, n)) result += x * x;
        return result;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (3, 3, 3), (4, 2, 3) })
        {
            var c = CpInstance.Random(n, d, r, options.Seed + n, balanced: false);
            rows.Add(new EvidenceRow($"two zero vectors, 5 GD steps: σ + ‖zeroed‖², {c}", AfterSteps(c, 1, 2), 0));
            var b = CpInstance.Random(n, d, r, options.Seed + n, balanced: true);
            rows.Add(new EvidenceRow($"balanced, all vectors zero, 5 GD steps, {b}", AfterSteps(b, 0, n), 0));
        }
        var ctl = CpInstance.Random(3, 3, 3, options.Seed + 8, balanced: false);
        var controls = new List<EvidenceRow> { new($"control (assumption violated): a single zero vector, {ctl}", AfterSteps(ctl, 1, 1), 0) };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: CpInstance.Random(g, balanced: false), Seed: g.NextInt(1000)),
            x => AfterSteps(x.Instance, x.Seed % x.Instance.Model.Rank, 2 + x.Seed % (x.Instance.Model.Order - 1)) == 0, x => $"{x.Instance}, pick {x.Seed}");
}

/// <summary>
/// TF-6 numerically: zero a random subset of components; every matricization ⟦𝒲_e⟧_I (I = every non-empty proper subset of
/// modes containing mode 0) has numerical rank (1e-9) at most the number of non-zero components.
/// </summary>
public sealed class TF6_RankBoundCheck : IClaimCheck
{
    public string ClaimId => "TF-6";

    /// <summary>max over matricizations of max(0, rank − #non-zero components) with components zeroed by a seeded coin.</summary>
    public static int Excess(CpInstance c, int seed)
    {
        var m = c.Model;
        var theta = (double[])c.Theta.Clone();
        var coin = new Gaussian(seed);
        for (int r = 0; r < m.Rank; r++)
            if (coin.NextInt(2) == 0) m.Vector(theta.AsSpan(), r, coin.NextInt(m.Order)).Clear();
        int count = Enumerable.Range(0, m.Rank).Count(r => ComponentNorm.Of(m, theta, r) > 0);
        var end = new double[m.EndShape.Size];
        m.End(theta, end);
        int worst = 0;
        for (int mask = 1; mask < 1 << m.Order; mask += 2)
        {
            if (mask == (1 << m.Order) - 1) continue;
            var rows = Enumerable.Range(0, m.Order).Where(n => (mask >> n & 1) == 1).ToArray();
            int rank = Matricization.NumericalRank(Matricization.SingularValues(m.EndShape, end, rows), 1e-9);
            worst = Math.Max(worst, rank - count);
        }
        return Math.Max(0, worst);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (3, 4, 5), (4, 3, 4), (3, 5, 6) })
            for (int s = 0; s < 2; s++)
            {
                var c = CpInstance.Random(n, d, r, options.Seed + n + s, balanced: false);
                rows.Add(new EvidenceRow($"every matricization rank ≤ #non-zero components, {c}", Excess(c, options.Seed + s), 0));
            }
        return new NumericEvidence(rows);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: CpInstance.Random(g, balanced: false), Seed: g.NextInt(1_000_000)),
            x => Excess(x.Instance, x.Seed) == 0, x => $"{x.Instance}, coin {x.Seed}");
}

/// <summary>TF-NN numerically: Σ_r Π_n ⟨w_r^n, x^n⟩ against ⟨𝒲_e, ⊗x^n⟩ for random Gaussian inputs (relative 1e-12), and one-hot inputs return entries.</summary>
public sealed class TFNN_NetworkViewCheck : IClaimCheck
{
    public string ClaimId => "TF-NN";

    public static double RelativeDeviation(CpInstance c, int seed)
    {
        var m = c.Model;
        var g = new Gaussian(seed);
        var x = m.Dims.Select(d => { var v = new double[d]; g.Fill(v, 1); return v; }).ToArray();
        double network = 0;
        for (int r = 0; r < m.Rank; r++)
        {
            double prod = 1;
            for (int n = 0; n < m.Order; n++)
            {
                var w = m.Vector(c.Theta, r, n);
                double dot = 0;
                for (int i = 0; i < w.Length; i++) dot += w[i] * x[n][i];
                prod *= dot;
            }
            network += prod;
        }
        var end = new double[m.EndShape.Size];
        m.End(c.Theta, end);
        double inner = 0, scale = 0;
        var idx = new int[m.Order];
        for (int k = 0; k < end.Length; k++)
        {
            int rem = k;
            for (int n = m.Order - 1; n >= 0; n--) { idx[n] = rem % m.Dims[n]; rem /= m.Dims[n]; }
            double t = end[k];
            for (int n = 0; n < m.Order; n++) t *= x[n][idx[n]];
            inner += t;
            scale += Math.Abs(t);
        }
        return Math.Abs(network - inner) / Math.Max(scale, 1e-300);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (2, 4, 3), (3, 3, 4), (4, 3, 2), (5, 2, 3) })
        {
            var c = CpInstance.Random(n, d, r, options.Seed + n, balanced: false);
            rows.Add(new EvidenceRow($"network output vs ⟨𝒲_e, ⊗x⟩, random x, {c}", RelativeDeviation(c, options.Seed + 1), 1e-12));
        }
        return new NumericEvidence(rows);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: CpInstance.Random(g, balanced: false), Seed: g.NextInt(1_000_000)),
            x => RelativeDeviation(x.Instance, x.Seed) <= 1e-12, x => $"{x.Instance}, x seed {x.Seed}");
}
