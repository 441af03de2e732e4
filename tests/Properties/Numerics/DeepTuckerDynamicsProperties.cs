using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Checks.DeepTensorFactorization;
using DT21Instance = ImplicitReg.Numerics.Checks.DeepTensorFactorization.DeepTuckerInstance;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// theory.md DT-2.C (the code's initialization is norm-balanced: s_i = ‖P_{i,1}‖_F = ⋯ = ‖M_{:,i}‖ at t = 0) and DT-2.1
/// (at a balanced chain with s_i² = ‖P_{i,1}‖²_F: ṡ = γ̃ s^L and Q̇ = (L+1) γ̃ Q^{2−2/(L+1)}).
/// </summary>
[Properties(MaxTest = 50, Replay = Seeds.Replay)]
public class DeepTuckerDynamicsProperties
{
    private static Arbitrary<ModelCase> CodeShaped =>
        (from order in Gen.Choose(1, 3)
         from depth in Gen.Choose(1, 3)
         from dims in Gen.ArrayOf(Gen.Choose(1, 4), order)
         from seed in Gen.Choose(0, 1_000_000)
         select new ModelCase(new DeepTuckerFactorization(dims, depth), seed)).ToArbitrary();

    [Property]
    public Property CodeInitIsNormBalanced() =>
        Prop.ForAll(CodeShaped, c =>
        {
            var model = (DeepTuckerFactorization)c.Model;
            double stdInit = Math.Pow(10, -1 - c.Seed % 4);
            var theta = DeepTuckerInit.Create(model, stdInit, c.Seed);
            var coreNorm = Math.Sqrt(model.Core(theta).ToArray().Sum(x => x * x));
            for (int n = 0; n < model.Order; n++)
            {
                var s = CoreSliceNorms.Compute(model.Core(theta), model.CoreShape, n);
                var m = SliceComponents.FactorColumnNorms(model.M(theta, n), model.Dims[n], model.Ranks[n]);
                for (int i = 0; i < s.Length; i++)
                {
                    if (Math.Abs(m[i] - s[i]) > 1e-12 * s[i]) return false;
                    for (int k = 1; k < model.Depth; k++)
                    {
                        double p = Math.Sqrt(model.Chain(theta, n, i, k).ToArray().Sum(x => x * x));
                        if (Math.Abs(p - s[i]) > 1e-12 * s[i]) return false;
                    }
                }
                if (Math.Abs(Math.Sqrt(m.Sum(x => x * x)) - coreNorm) > 1e-12 * coreNorm) return false;
            }
            var sigma = DeepTuckerInit.EffectiveStd(model.Depth, stdInit);
            var rms = Math.Sqrt(model.Core(theta).ToArray().Average(x => x * x));
            return model.CoreShape.Size < 20 || Math.Abs(rms / sigma - 1) < 0.5;
        });

    [Fact]
    public void EffectiveStdIsTheCodesDepthFactor()
    {
        Assert.Equal(5e-4 * Math.Log(2), DeepTuckerInit.EffectiveStd(1, 5e-4), 1e-18);
        Assert.Equal(5e-4 * Math.Log(2), DeepTuckerInit.EffectiveStd(0, 5e-4), 1e-18);
        Assert.Equal(5e-4 * 2 * Math.Log(3), DeepTuckerInit.EffectiveStd(2, 5e-4), 1e-18);
    }

    /// <summary>
    /// Random θ, then chain (n,i) set balanced and rank one: M_{:,i} = c·w_L, P_{i,k} = c·w_k w_{k+1}ᵀ (unit w_k), and core
    /// slice i along mode n rescaled to norm c; so f_i = c^L w_1, s_i = c = ‖f_i‖^{1/L}.
    /// </summary>
    [Property]
    public Property SliceNormDynamicsAtBalancedChain() =>
        Prop.ForAll(
            (from depth in Gen.Choose(1, 3)
             from order in Gen.Choose(1, 3)
             from dims in Gen.ArrayOf(Gen.Choose(2, 3), order)
             from ranks in Gen.ArrayOf(Gen.Choose(1, 3), order)
             from seed in Gen.Choose(0, 1_000_000)
             select new ModelCase(new DeepTuckerFactorization(dims, ranks, depth), seed)).ToArbitrary(),
            c =>
            {
                // The construction and the measurement live in the DT-2.1 check (Numerics/Checks/DeepTensorFactorization).
                var model = (DeepTuckerFactorization)c.Model;
                var instance = new DT21Instance(model, new Objective(model, RandomInstances.Loss(model.EndShape, c.Seed)), RandomInstances.Theta(model, c.Seed + 1), c.ToString() ?? "");
                double error = DT21_SliceNormDynamicsCheck.BalancedError(instance, c.Seed + 2);
                return (error <= 1e-8).Label($"relative error {error:0.0e+0}");
            });
}
