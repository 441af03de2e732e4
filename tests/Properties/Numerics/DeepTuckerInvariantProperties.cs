using ImplicitReg.Numerics.Checks.DeepTensorFactorization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// theory.md DT-2.C: under gradient flow θ̇ = −∇φ every deep Tucker invariant has rate 0 (relative to the rates of its two
/// parts), for L = 1, 2, 3 and any loss; the rate formula B(v,θ)+B(θ,v) agrees with finite differences along an arbitrary
/// velocity (so a zero rate is not an artefact); and the depth-1 quantity 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) is not conserved once L ≥ 2.
/// </summary>
[Properties(MaxTest = 60, Replay = Seeds.Replay)]
public class DeepTuckerInvariantProperties
{
    private static (DeepTuckerFactorization Model, double[] Theta, double[] Velocity) GradientFlowPoint(ModelCase c)
    {
        var model = (DeepTuckerFactorization)c.Model;
        var objective = new Objective(model, RandomInstances.Loss(model.EndShape, c.Seed));
        var theta = RandomInstances.Theta(model, c.Seed + 1);
        var velocity = new double[theta.Length];
        objective.ValueAndGradient(theta, velocity);
        for (int k = 0; k < velocity.Length; k++) velocity[k] = -velocity[k];
        return (model, theta, velocity);
    }

    private static bool Conserved(ModelCase c)
    {
        var (model, theta, velocity) = GradientFlowPoint(c);
        var invariants = new DeepTuckerInvariants(model);
        var rates = new double[invariants.Size];
        var scales = new double[invariants.Blocks.Count];
        invariants.Rate(theta, velocity, rates, scales);
        for (int b = 0; b < invariants.Blocks.Count; b++)
        {
            var block = invariants.Blocks[b];
            for (int e = block.Offset; e < block.Offset + block.Size; e++)
                if (Math.Abs(rates[e]) > 1e-10 * scales[b]) return false;
        }
        return true;
    }

    [Property]
    public Property DepthOneInvariantsAreConserved() => Prop.ForAll(TuckerArbitraries.DeepTuckerOfDepth(1), Conserved);

    [Property]
    public Property DepthTwoInvariantsAreConserved() => Prop.ForAll(TuckerArbitraries.DeepTuckerOfDepth(2), Conserved);

    [Property]
    public Property DepthThreeInvariantsAreConserved() => Prop.ForAll(TuckerArbitraries.DeepTuckerOfDepth(3), Conserved);

    /// <summary>q is quadratic, so (q(θ+v) − q(θ−v))/2 = B(v,θ) + B(θ,v) exactly; a random v gives non-zero rates.</summary>
    [Property]
    public Property RateIsTheDirectionalDerivative() =>
        Prop.ForAll(TuckerArbitraries.DeepTucker(), c =>
        {
            var model = (DeepTuckerFactorization)c.Model;
            var invariants = new DeepTuckerInvariants(model);
            var theta = RandomInstances.Theta(model, c.Seed);
            var velocity = RandomInstances.Theta(model, c.Seed + 1);
            var rates = new double[invariants.Size];
            var scales = new double[invariants.Blocks.Count];
            invariants.Rate(theta, velocity, rates, scales);
            var plus = new double[invariants.Size];
            var minus = new double[invariants.Size];
            invariants.Compute(theta.Zip(velocity, (t, v) => t + v).ToArray(), plus);
            invariants.Compute(theta.Zip(velocity, (t, v) => t - v).ToArray(), minus);
            double size = plus.Concat(minus).Max(Math.Abs) + scales.Max();
            for (int e = 0; e < rates.Length; e++)
                if (Math.Abs((plus[e] - minus[e]) / 2 - rates[e]) > 1e-12 * size) return false;
            return rates.Max(Math.Abs) > 1e-3 * scales.Max();
        });

    [Fact]
    public void DepthOneBlockIsTheModeGramDifference()
    {
        var model = new DeepTuckerFactorization([2, 3, 2], [3, 2, 2], 1);
        var invariants = new DeepTuckerInvariants(model);
        var theta = RandomInstances.Theta(model, 7);
        var values = new double[invariants.Size];
        invariants.Compute(theta, values);
        for (int n = 0; n < model.Order; n++)
        {
            var block = invariants.Blocks[n];
            var direct = new double[block.Size];
            invariants.ModeGramDifference(theta, n, direct);
            for (int e = 0; e < block.Size; e++) Assert.Equal(direct[e], values[block.Offset + e], 1e-12);
        }
    }

    /// <summary>
    /// Negative control: for L ≥ 2, 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) (diagonal s_i² − ‖f_i‖²) moves at a rate comparable to
    /// d(s_i²)/dt under gradient flow (5-point central differences along θ̇).
    /// </summary>
    [Property(MaxTest = 30)]
    public Property ModeGramDifferenceIsNotConservedWhenDeep() =>
        Prop.ForAll(
            (from depth in Gen.Choose(2, 3)
             from d in Gen.Choose(2, 3)
             from seed in Gen.Choose(0, 1_000_000)
             select new ModelCase(DeepTuckerFactorization.Cubic(3, d, depth), seed)).ToArbitrary(),
            c =>
            {
                var deep = (DeepTuckerFactorization)c.Model;
                int d = deep.Dims[0];
                var instance = DeepTuckerInstance.Random([d, d, d], [d, d, d], deep.Depth, c.Seed);
                return DT2C_DeepTuckerInvariantsCheck.ModeGramRateRatio(instance) > 1e-3;
            });

}
