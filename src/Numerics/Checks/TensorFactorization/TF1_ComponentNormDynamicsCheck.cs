using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Claim = ImplicitReg.Theory.Claims.TensorFactorization.TF1_ComponentNormDynamics;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-1 numerically: the claim's symbolic right-hand side N·P^{2−2/N}·γ, compiled, against (1) the
/// instantaneous rate dσ_r/dt = ∇σ_r·(−∇φ) with the analytic gradient at balanced points (tight tolerance),
/// (2) the GD finite-difference rate (σ_r(k+1) − σ_r(k))/η along balanced runs, whose error must shrink at
/// order ≈ 1 over η, η/2, η/4; and a control: at unbalanced points the law must fail.
/// </summary>
public sealed class TF1_ComponentNormDynamicsCheck : IClaimCheck
{
    public string ClaimId => "TF-1";

    private static readonly Func<double[], double> CompiledRate =
        Evaluation.Compile(Claim.Rate, [Claim.N, Claim.P, Claim.Gamma]);

    /// <summary>max_r |dσ_r/dt − N σ_r^{2−2/N} γ_r| / max_r N σ_r^{2−2/N} ‖∇ℒ‖ at θ (components with σ_r &gt; 0).</summary>
    public static double RelativeError(CpInstance c) => RelativeError(c, c.Theta);

    public static double RelativeError(CpInstance c, ReadOnlySpan<double> theta)
    {
        var m = c.Model;
        var grad = new double[theta.Length];
        c.Objective.ValueAndGradient(theta, grad);
        var end = new double[m.EndShape.Size];
        var endGrad = new double[m.EndShape.Size];
        m.End(theta, end);
        c.Objective.Loss.ValueAndGradient(end, endGrad);
        var sigma = new double[m.Rank];
        var gamma = new double[m.Rank];
        ComponentNorm.All(m, theta, sigma);
        ComponentGamma.All(m, theta, endGrad, gamma);
        double gradNorm = Math.Sqrt(endGrad.Sum(x => x * x));
        double worst = 0, scale = 1e-300;
        for (int r = 0; r < m.Rank; r++)
        {
            if (sigma[r] <= 1e-12) continue;
            // dσ/dt = Σ_n (σ/‖w_n‖²)·⟨w_n, ẇ_n⟩ with ẇ = −∇_w φ.
            double rate = 0;
            for (int n = 0; n < m.Order; n++)
            {
                var w = m.Vector(theta, r, n);
                var g = m.Vector(grad, r, n);
                double dot = 0, sq = 0;
                for (int i = 0; i < w.Length; i++) { dot += w[i] * g[i]; sq += w[i] * w[i]; }
                rate += sigma[r] / sq * -dot;
            }
            double predicted = CompiledRate([m.Order, sigma[r], gamma[r]]);
            worst = Math.Max(worst, Math.Abs(rate - predicted));
            scale = Math.Max(scale, m.Order * Math.Pow(sigma[r], 2 - 2.0 / m.Order) * gradNorm);
        }
        return worst / scale;
    }

    /// <summary>max over steps of |(σ(k+1) − σ(k))/η − law(θ_k)| / max |law| along a balanced GD run up to τ = T.</summary>
    public static double GdRateError(CpInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        var m = c.Model;
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        var end = new double[m.EndShape.Size];
        var endGrad = new double[m.EndShape.Size];
        var before = new double[m.Rank];
        var after = new double[m.Rank];
        var gamma = new double[m.Rank];
        double worst = 0, scale = 1e-300;
        for (long k = 0; k < steps; k++)
        {
            ComponentNorm.All(m, sim.Theta, before);
            m.End(sim.Theta, end);
            c.Objective.Loss.ValueAndGradient(end, endGrad);
            ComponentGamma.All(m, sim.Theta, endGrad, gamma);
            sim.Step();
            ComponentNorm.All(m, sim.Theta, after);
            for (int r = 0; r < m.Rank; r++)
            {
                double law = CompiledRate([m.Order, before[r], gamma[r]]);
                worst = Math.Max(worst, Math.Abs((after[r] - before[r]) / eta - law));
                scale = Math.Max(scale, Math.Abs(law));
            }
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (2, 4, 3), (3, 4, 5), (4, 3, 4), (5, 2, 3) } : new[] { (2, 3, 2), (3, 4, 5), (4, 2, 3) };
        foreach (var (n, d, r) in sizes)
        {
            var c = CpInstance.Random(n, d, r, options.Seed + 10 * n, balanced: true);
            rows.Add(new EvidenceRow($"instantaneous rate vs law, {c}", RelativeError(c), 1e-9));
        }
        var run = CpInstance.Random(3, 3, 3, options.Seed, balanced: true);
        double eta = 0.02, horizon = 1;
        var errors = new[] { eta, eta / 2, eta / 4 }.Select(e => GdRateError(run, e, horizon, options.Runs)).ToArray();
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD rate vs law along a balanced run, η = {eta / (1 << i)}, τ ≤ {horizon}", errors[i], 0.05));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = new[] { (3, 3, 3), (4, 2, 3) }.Select(s =>
        {
            var c = CpInstance.Random(s.Item1, s.Item2, s.Item3, options.Seed + 7, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => CpInstance.Random(g, balanced: true), c => RelativeError(c) < 1e-9);
}
