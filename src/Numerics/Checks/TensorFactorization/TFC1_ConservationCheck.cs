using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-C1 numerically (theory.md TF-C1, §1 "GD-vs-GF tolerance law"): (1) at random unbalanced points the
/// gradient-flow rate of ‖w_r^n‖² − ‖w_r^{n'}‖², computed with the analytic gradient, vanishes relative to the
/// individual rates; (2) under GD over a fixed horizon T the drift shrinks as η — observed order ≈ 1.
/// </summary>
public sealed class TFC1_ConservationCheck : IClaimCheck
{
    public string ClaimId => "TF-C1";

    /// <summary>max over r, n, n' of |d/dt(‖w_r^n‖² − ‖w_r^{n'}‖²)| / max |d/dt‖w_r^n‖²| under θ̇ = −∇φ(θ).</summary>
    public static double RelativeRate(CpInstance c)
    {
        var grad = new double[c.Theta.Length];
        c.Objective.ValueAndGradient(c.Theta, grad);
        var m = c.Model;
        double worst = 0, scale = 1e-300;
        for (int r = 0; r < m.Rank; r++)
        {
            var rates = new double[m.Order];
            for (int n = 0; n < m.Order; n++)
            {
                var w = m.Vector(c.Theta, r, n);
                var g = m.Vector(grad, r, n);
                double dot = 0;
                for (int i = 0; i < w.Length; i++) dot += w[i] * g[i];
                rates[n] = -2 * dot;                       // d/dt‖w‖² = 2⟨w, ẇ⟩, ẇ = −∇_w φ
                scale = Math.Max(scale, Math.Abs(rates[n]));
            }
            for (int n = 0; n < m.Order; n++)
                for (int n2 = n + 1; n2 < m.Order; n2++) worst = Math.Max(worst, Math.Abs(rates[n] - rates[n2]));
        }
        return worst / scale;
    }

    /// <summary>max |(‖w_r^n‖² − ‖w_r^{n'}‖²)(T) − (…)(0)| under GD with step η up to time T.</summary>
    public static double GdDrift(CpInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var theta = runs.End(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        double worst = 0;
        var m = c.Model;
        for (int r = 0; r < m.Rank; r++)
            for (int n = 0; n < m.Order; n++)
                for (int n2 = n + 1; n2 < m.Order; n2++)
                {
                    double before = SquaredNorm(m.Vector(c.Theta, r, n)) - SquaredNorm(m.Vector(c.Theta, r, n2));
                    double after = SquaredNorm(m.Vector(theta, r, n)) - SquaredNorm(m.Vector(theta, r, n2));
                    worst = Math.Max(worst, Math.Abs(after - before));
                }
        return worst;
    }

    private static double SquaredNorm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return s;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (2, 3, 2), (3, 3, 3), (4, 2, 3) })
        {
            var c = CpInstance.Random(n, d, r, options.Seed + n, balanced: false);
            rows.Add(new EvidenceRow($"GF rate of the differences, {c}", RelativeRate(c), 1e-12));
        }
        // GD drift over τ = T at η, η/2, η/4: O(ηT) ⇒ log2 of successive ratios ≈ 1.
        var inst = CpInstance.Random(3, 3, 2, options.Seed, balanced: false);
        double eta = 0.05, horizon = 2;
        var drifts = new[] { eta, eta / 2, eta / 4 }.Select(e => GdDrift(inst, e, horizon, options.Runs)).ToArray();
        double order = Math.Log2(drifts[1] / drifts[2]);
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD drift at η = {eta / (1 << i)} over τ = {horizon} (≈ c·η, not a GF error)", 0, 0, $"drift {drifts[i]:0.000e+0}"));
        return new NumericEvidence(rows, order, (0.8, 1.2));
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => CpInstance.Random(g, balanced: false), c => RelativeRate(c) < 1e-12);
}
