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
/// DT-2.C numerically: the exact GF rate of every invariant block (DeepTuckerInvariants.Rate along θ̇ = −∇φ) relative to the
/// rates of its parts, at random points for L = 1, 2, 3 (1e-10); GD drift over a fixed horizon, order ≈ 1; control: for
/// L ≥ 2 the depth-1 quantity 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) moves (5-point central differences along θ̇).
/// </summary>
public sealed class DT2C_DeepTuckerInvariantsCheck : IClaimCheck
{
    public string ClaimId => "DT-2.C";

    /// <summary>max over blocks of max |rate| / scale of the block.</summary>
    public static double RelativeRate(DeepTuckerInstance c)
    {
        var invariants = new DeepTuckerInvariants(c.Model);
        var rates = new double[invariants.Size];
        var scales = new double[invariants.Blocks.Count];
        invariants.Rate(c.Theta, c.Velocity(c.Theta), rates, scales);
        double worst = 0;
        for (int b = 0; b < invariants.Blocks.Count; b++)
        {
            var block = invariants.Blocks[b];
            for (int e = block.Offset; e < block.Offset + block.Size; e++) worst = Math.Max(worst, Math.Abs(rates[e]) / Math.Max(scales[b], 1e-300));
        }
        return worst;
    }

    public static double GdDrift(DeepTuckerInstance c, double eta, double horizon)
    {
        var invariants = new DeepTuckerInvariants(c.Model);
        var before = new double[invariants.Size];
        var after = new double[invariants.Size];
        invariants.Compute(c.Theta, before);
        var sim = new Simulation(c.Objective, new GradientDescent(eta), c.Theta);
        long steps = (long)Math.Round(horizon / eta);
        for (long k = 0; k < steps; k++) sim.Step();
        invariants.Compute(sim.Theta, after);
        return before.Zip(after, (x, y) => Math.Abs(x - y)).Max();
    }

    /// <summary>Control: ‖d/dt(𝒢_(0)𝒢_(0)ᵀ − U^(0)ᵀU^(0))‖_∞ / ‖d(s_i²)/dt‖_∞ (5-point stencil along θ̇).</summary>
    public static double ModeGramRateRatio(DeepTuckerInstance c)
    {
        var model = c.Model;
        var theta = c.Theta;
        var velocity = c.Velocity(theta);
        var invariants = new DeepTuckerInvariants(model);
        int r = model.Ranks[0];
        double h = 1e-3 * Math.Sqrt(theta.Sum(x => x * x) / velocity.Sum(x => x * x));
        var rate = new double[r * r];
        foreach (var (weight, step) in new[] { (1.0, -2.0), (-8.0, -1.0), (8.0, 1.0), (-1.0, 2.0) })
        {
            var q = new double[r * r];
            invariants.ModeGramDifference(theta.Zip(velocity, (t, v) => t + step * h * v).ToArray(), 0, q);
            for (int e = 0; e < q.Length; e++) rate[e] += weight * q[e] / (12 * h);
        }
        var sliceRate = new double[r];
        var shape = model.CoreShape;
        var core = model.Core(theta);
        var coreVelocity = model.Core(velocity);
        for (int g = 0; g < shape.Size; g++) sliceRate[g / shape.Strides[0]] += 2 * core[g] * coreVelocity[g];
        return rate.Max(Math.Abs) / Math.Max(sliceRate.Max(Math.Abs), 1e-300);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (int depth in new[] { 1, 2, 3 })
        {
            var c = DeepTuckerInstance.Random([3, 2, 3], [2, 2, 3], depth, options.Seed + depth);
            rows.Add(new EvidenceRow($"GF rate of every invariant block, {c}", RelativeRate(c), 1e-10));
        }
        var run = DeepTuckerInstance.Random([2, 2, 2], [2, 2, 2], 2, options.Seed + 4);
        for (int k = 0; k < run.Theta.Length; k++) run.Theta[k] *= 0.7;
        double eta = 0.02, horizon = 0.5;
        var drifts = new[] { eta, eta / 2, eta / 4 }.Select(e => GdDrift(run, e, horizon)).ToArray();
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD drift at η = {eta / (1 << i)} over τ = {horizon}, {run} (≈ c·η, not a GF error)", 0, 0, $"drift {drifts[i]:0.000e+0}"));
        double order = Math.Log2(drifts[1] / drifts[2]);
        var ctl = DeepTuckerInstance.Random([3, 3, 3], [3, 3, 3], 2, options.Seed + 6);
        var controls = new List<EvidenceRow> { new($"control (not an invariant for L ≥ 2): 𝒢_(1)𝒢_(1)ᵀ − U^(1)ᵀU^(1) rate / slice rate, {ctl}", ModeGramRateRatio(ctl), 1e-6) };
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => DeepTuckerInstance.Random(g, 1 + g.NextInt(3)), c => RelativeRate(c) <= 1e-10);
}
