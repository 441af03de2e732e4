using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;
using MathNet.Numerics.LinearAlgebra;
using Shouldly;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// Plain and deep Tucker (theory.md DT-2): End agrees with the defining sum 𝒲_a = Σ_i 𝒢_i Π_n U^(n)_{a_n i_n},
/// U^(n)_{:,i} = P_{i,1}⋯P_{i,L−1}M_{:,i}, and the analytic gradient Backward(θ, ∇ℒ) agrees with central finite differences.
/// </summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class TuckerGradientProperties
{
    private static bool MatchesFiniteDifferences(ModelCase c)
    {
        var loss = RandomInstances.Loss(c.Model.EndShape, c.Seed);
        var result = GradientCheck.Run(new Objective(c.Model, loss), RandomInstances.Theta(c.Model, c.Seed + 1));
        return result.Passes(1e-6);
    }

    [Property]
    public Property TuckerGradientMatchesFiniteDifferences() =>
        Prop.ForAll(TuckerArbitraries.Tucker(), MatchesFiniteDifferences);

    [Property]
    public Property DeepTuckerGradientMatchesFiniteDifferences() =>
        Prop.ForAll(TuckerArbitraries.DeepTucker(), MatchesFiniteDifferences);

    [Property]
    public Property DeepTuckerEndIsTheDefiningSum() =>
        Prop.ForAll(TuckerArbitraries.DeepTucker(), c =>
        {
            var model = (DeepTuckerFactorization)c.Model;
            var theta = RandomInstances.Theta(model, c.Seed);
            var end = new double[model.EndShape.Size];
            model.End(theta, end);
            var u = new Matrix<double>[model.Order];
            for (int n = 0; n < model.Order; n++)
            {
                int d = model.Dims[n], r = model.Ranks[n];
                var m = Matrix<double>.Build.DenseOfRowMajor(d, r, model.M(theta, n).ToArray());
                u[n] = Matrix<double>.Build.Dense(d, r);
                for (int i = 0; i < r; i++)
                {
                    var chain = Matrix<double>.Build.DenseIdentity(d);
                    for (int k = 1; k < model.Depth; k++)
                        chain *= Matrix<double>.Build.DenseOfRowMajor(d, d, model.Chain(theta, n, i, k).ToArray());
                    u[n].SetColumn(i, chain * m.Column(i));
                }
            }
            var core = model.Core(theta).ToArray();
            double worst = 0, scale = 1e-300;
            var a = new int[model.Order];
            var idx = new int[model.Order];
            for (int e = 0; e < end.Length; e++)
            {
                model.EndShape.MultiIndex(e, a);
                double sum = 0, abs = 0;
                for (int g = 0; g < core.Length; g++)
                {
                    model.CoreShape.MultiIndex(g, idx);
                    double term = core[g];
                    for (int n = 0; n < model.Order; n++) term *= u[n][a[n], idx[n]];
                    sum += term;
                    abs += Math.Abs(term);
                }
                worst = Math.Max(worst, Math.Abs(sum - end[e]));
                scale = Math.Max(scale, abs);
            }
            return worst <= 1e-13 * scale;
        });

    [Fact]
    public void DeepTuckerRejectsDepthZero() =>
        Should.Throw<ArgumentException>(() => new DeepTuckerFactorization([3, 3, 3], 0)).Message.ShouldContain("L ≥ 1");
}
