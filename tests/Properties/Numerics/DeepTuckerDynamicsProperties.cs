using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

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
                var model = (DeepTuckerFactorization)c.Model;
                var g = new Gaussian(c.Seed + 2);
                int n = g.NextInt(model.Order), i = g.NextInt(model.Ranks[n]), d = model.Dims[n], r = model.Ranks[n], L = model.Depth;
                double cNorm = 0.5 + g.NextInt(1000) / 1000.0;
                var theta = RandomInstances.Theta(model, c.Seed + 1);
                var w = new double[L + 1][];
                for (int k = 1; k <= L; k++)
                {
                    w[k] = new double[d];
                    g.Fill(w[k], 1);
                    double norm = Math.Sqrt(w[k].Sum(x => x * x));
                    for (int a = 0; a < d; a++) w[k][a] /= norm;
                }
                var m = model.M(theta.AsSpan(), n);
                for (int a = 0; a < d; a++) m[a * r + i] = cNorm * w[L][a];
                for (int k = 1; k < L; k++)
                {
                    var p = model.Chain(theta.AsSpan(), n, i, k);
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++) p[a * d + b] = cNorm * w[k][a] * w[k + 1][b];
                }
                var shape = model.CoreShape;
                var core = model.Core(theta.AsSpan());
                double s0 = CoreSliceNorms.Compute(core, shape, n)[i];
                var index = new int[shape.Order];
                for (int e = 0; e < shape.Size; e++)
                {
                    shape.MultiIndex(e, index);
                    if (index[n] == i) core[e] *= cNorm / s0;
                }

                var loss = RandomInstances.Loss(model.EndShape, c.Seed);
                var objective = new Objective(model, loss);
                var velocity = new double[theta.Length];
                objective.ValueAndGradient(theta, velocity);
                for (int k = 0; k < velocity.Length; k++) velocity[k] = -velocity[k];

                // γ̃ = ⟨−∇ℒ, 𝒲^(n,i)⟩ / (s‖f‖), 𝒲^(n,i) = the end tensor with every other mode-n core slice zeroed.
                var end = new double[model.EndShape.Size];
                var endGradient = new double[end.Length];
                model.End(theta, end);
                loss.ValueAndGradient(end, endGradient);
                var only = (double[])theta.Clone();
                var onlyCore = model.Core(only.AsSpan());
                for (int e = 0; e < shape.Size; e++)
                {
                    shape.MultiIndex(e, index);
                    if (index[n] != i) onlyCore[e] = 0;
                }
                var slice = new double[end.Length];
                model.End(only, slice);
                var components = SliceComponents.Of(model, theta);
                double s = components.SliceNorms[n][i], f = components.ColumnNorms[n][i], q = components.Q[n][i];
                double gamma = -endGradient.Zip(slice, (x, y) => x * y).Sum() / (s * f);

                // ṡ = ⟨𝒢_i, 𝒢̇_i⟩/s exactly; ḟ by the 5-point stencil, exact for f(θ + h v), a polynomial of degree L ≤ 3 in h.
                double sDot = 0;
                var coreVelocity = model.Core((ReadOnlySpan<double>)velocity);
                for (int e = 0; e < shape.Size; e++)
                {
                    shape.MultiIndex(e, index);
                    if (index[n] == i) sDot += core[e] * coreVelocity[e];
                }
                sDot /= s;
                double h = 0.1 * Math.Sqrt(theta.Sum(x => x * x) / velocity.Sum(x => x * x));
                var fDot = new double[d];
                var factors = new double[model.Tucker.FactorsSize];
                foreach (var (weight, step) in new[] { (1.0, -2.0), (-8.0, -1.0), (8.0, 1.0), (-1.0, 2.0) })
                {
                    model.EndFactors(theta.Zip(velocity, (t, v) => t + step * h * v).ToArray(), factors);
                    var u = model.Tucker.Factor((ReadOnlySpan<double>)factors, n);
                    for (int a = 0; a < d; a++) fDot[a] += weight * u[a * r + i] / (12 * h);
                }
                model.EndFactors(theta, factors);
                var u0 = model.Tucker.Factor((ReadOnlySpan<double>)factors, n);
                double fNormDot = 0;
                for (int a = 0; a < d; a++) fNormDot += u0[a * r + i] * fDot[a];
                fNormDot /= f;
                double qDot = sDot * f + s * fNormDot;
                double qScale = Math.Abs(sDot * f) + Math.Abs(s * fNormDot);

                bool balanced = Math.Abs(s - Math.Pow(f, 1.0 / L)) <= 1e-12 * s && Math.Abs(q - Math.Pow(s, L + 1)) <= 1e-12 * q;
                bool sLaw = Math.Abs(sDot - gamma * Math.Pow(s, L)) <= 1e-8 * Math.Abs(sDot);
                bool qLaw = Math.Abs(qDot - (L + 1) * gamma * Math.Pow(q, 2 - 2.0 / (L + 1))) <= 1e-8 * qScale;
                return (balanced && sLaw && qLaw).Label($"s={s} f={f} ṡ={sDot} γ̃s^L={gamma * Math.Pow(s, L)} Q̇={qDot} law={(L + 1) * gamma * Math.Pow(q, 2 - 2.0 / (L + 1))}");
            });
}
