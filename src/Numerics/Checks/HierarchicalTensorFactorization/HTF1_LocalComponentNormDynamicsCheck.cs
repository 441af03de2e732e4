using ImplicitReg.Numerics.Models;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Claim = ImplicitReg.Theory.Claims.HierarchicalTensorFactorization.HTF1_LocalComponentNormDynamics;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-1 numerically: the claim's right-hand side K·P^{2−2/K}·γ compiled, against (1) dσ_H^(ν,r)/dt by the chain
/// rule σ Σ_a ⟨a, −∇_aφ⟩/‖a‖² with the analytic gradient at balanced points (BalancedHtf), every local component of
/// every interior node, 1e-9; (2) the GD finite-difference rate along a balanced run, error order ≈ 1 over η, η/2,
/// η/4; control: the law fails at unbalanced points.
/// </summary>
public sealed class HTF1_LocalComponentNormDynamicsCheck : IClaimCheck
{
    public string ClaimId => "HTF-1";

    private static readonly Func<double[], double> CompiledRate = Evaluation.Compile(Claim.Rate, [Claim.K, Claim.P, Claim.Gamma]);

    /// <summary>(component, dσ/dt along θ̇ = −∇φ, law) for every local component at θ with σ &gt; 0.</summary>
    public static IEnumerable<(string Component, double Rate, double Predicted)> Rates(HtfInstance c, double[] theta)
    {
        var m = c.Model;
        var (endGradient, grad) = c.Gradients(theta);
        var deltas = new LocalComponentTensor(m);
        foreach (int v in m.Tree.InteriorNodes)
        {
            int k = m.Tree.K(v);
            var (squared, along) = (new double[k], new double[k]);
            for (int r = 0; r < m.Width(v); r++)
            {
                double sigma = LocalComponentNorm.Of(m, theta, v, r);
                if (sigma <= 1e-12) continue;
                m.LocalComponentSquaredNorms(theta, v, r, squared);
                m.LocalComponentInnerProducts(theta, grad, v, r, along);
                double rate = 0;
                for (int j = 0; j < k; j++) rate -= along[j] / squared[j];
                rate *= sigma;
                double gamma = deltas.Gamma(theta, v, r, endGradient);
                yield return ($"{m.Tree.Label(v)}#{r}", rate, CompiledRate([k, sigma, gamma]));
            }
        }
    }

    /// <summary>max |rate − law| / max(|rate|, |law|) over the local components.</summary>
    public static double RelativeError(HtfInstance c)
    {
        var rates = Rates(c, c.Theta).ToList();
        double scale = Math.Max(1e-300, rates.Max(x => Math.Max(Math.Abs(x.Rate), Math.Abs(x.Predicted))));
        return rates.Max(x => Math.Abs(x.Rate - x.Predicted)) / scale;
    }

    /// <summary>max over steps and components of |(σ(k+1) − σ(k))/η − law(θ_k)| / max |law| along a GD run up to τ = T.</summary>
    public static double GdRateError(HtfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        var m = c.Model;
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        var deltas = new LocalComponentTensor(m);
        double worst = 0, scale = 1e-300;
        for (long s = 0; s < steps; s++)
        {
            var theta = sim.Theta.ToArray();
            var (endGradient, _) = c.Gradients(theta);
            var laws = new List<(int V, int R, double Sigma, double Law)>();
            foreach (int v in m.Tree.InteriorNodes)
                for (int r = 0; r < m.Width(v); r++)
                {
                    double sigma = LocalComponentNorm.Of(m, theta, v, r);
                    laws.Add((v, r, sigma, CompiledRate([m.Tree.K(v), sigma, deltas.Gamma(theta, v, r, endGradient)])));
                }
            sim.Step();
            foreach (var (v, r, sigma, law) in laws)
            {
                double after = LocalComponentNorm.Of(m, sim.Theta, v, r);
                worst = Math.Max(worst, Math.Abs((after - sigma) / eta - law));
                scale = Math.Max(scale, Math.Abs(law));
            }
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var models = new[]
        {
            Htf.Checkerboard(4, 3, 3),
            new Htf(ModeTree.FromNested("((0,1),2)"), [2, 3, 2], 2),
            new Htf(HtfInstance.RandomNested(5, options.Seed), [2, 2, 3, 2, 2], 2),
        };
        foreach (var model in models)
        {
            var c = HtfInstance.Random(model, options.Seed + 11, balanced: true);
            rows.Add(new EvidenceRow($"instantaneous rate vs law, every local component, {c}", RelativeError(c), 1e-9));
        }
        var run = HtfInstance.Random(Htf.Checkerboard(4, 2, 2), options.Seed, balanced: true, scale: 0.9);
        double eta = 0.02, horizon = 0.5;
        var errors = new[] { eta, eta / 2, eta / 4 }.Select(e => GdRateError(run, e, horizon, options.Runs)).ToArray();
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD rate vs law along a balanced run, η = {eta / (1 << i)}, τ ≤ {horizon}", errors[i], 0.05));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = models.Take(2).Select(model =>
        {
            var c = HtfInstance.Random(model, options.Seed + 7, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => HtfInstance.Random(g, balanced: true), c => RelativeError(c) < 1e-9);
}
