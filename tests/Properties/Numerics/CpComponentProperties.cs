using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Quantities;

namespace ImplicitReg.Properties.Numerics;

/// <summary>The CP end tensor and the measured per-component quantities against explicit component tensors (theory.md §5.1, §1.1).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class CpComponentProperties
{
    [Property]
    public Property EndIsTheSumOfTheComponentTensors() =>
        Prop.ForAll(CpArbitraries.Cp(), c =>
        {
            var theta = RandomInstances.Theta(c.Model, c.Seed);
            var end = new double[c.Model.EndShape.Size];
            c.Model.End(theta, end);
            var sum = new double[end.Length];
            for (int r = 0; r < c.Model.Rank; r++)
            {
                var t = CpReference.ComponentTensor(c.Model, theta, r);
                for (int k = 0; k < sum.Length; k++) sum[k] += t[k];
            }
            return end.Zip(sum).All(p => Numerically.Close(p.First, p.Second, 1e-13));
        });

    [Property]
    public Property ComponentNormEqualsTheNormOfTheComponentTensor() =>
        Prop.ForAll(CpArbitraries.Cp(), c =>
        {
            var theta = RandomInstances.Theta(c.Model, c.Seed);
            var sigma = new double[c.Model.Rank];
            ComponentNorm.All(c.Model, theta, sigma);
            return Enumerable.Range(0, c.Model.Rank).All(r =>
            {
                double expected = CpReference.Norm(CpReference.ComponentTensor(c.Model, theta, r));
                return Math.Abs(sigma[r] - expected) <= 1e-13 * expected && sigma[r] == ComponentNorm.Of(c.Model, theta, r);
            });
        });

    /// <summary>γ_r = ⟨−∇ℒ, ⊗_n ŵ_r^n⟩ (theory.md §5.1), with the component tensor built entry by entry.</summary>
    [Property]
    public Property ComponentGammaIsTheProjectionOfTheNegativeGradientOnTheNormalizedComponent() =>
        Prop.ForAll(CpArbitraries.Cp(), c =>
        {
            var loss = RandomInstances.Loss(c.Model.EndShape, c.Seed);
            var theta = RandomInstances.Theta(c.Model, c.Seed + 1);
            var g = CpReference.EndGradient(c.Model, loss, theta);
            var gamma = new double[c.Model.Rank];
            var fromGradient = new double[c.Model.Rank];
            ComponentGamma.All(c.Model, theta, g, gamma);
            ComponentGamma.FromGradient(c.Model, theta, CpReference.Gradient(c.Model, theta, g), fromGradient);
            double scale = CpReference.Norm(g);
            return Enumerable.Range(0, c.Model.Rank).All(r =>
            {
                var t = CpReference.ComponentTensor(c.Model, theta, r);
                double expected = -CpReference.Dot(g, t) / CpReference.Norm(t);
                return Math.Abs(gamma[r] - expected) <= 1e-12 * scale && gamma[r] == fromGradient[r];
            });
        });

    /// <summary>The official evaluator's top-k (theory.md §1.1): the k largest component norms, descending.</summary>
    [Property]
    public Property TopKIsTheLargestComponentNormsInDescendingOrder() =>
        Prop.ForAll(CpArbitraries.Cp(), Gen.Choose(1, 6).ToArbitrary(), (c, k) =>
        {
            var theta = RandomInstances.Theta(c.Model, c.Seed);
            var sigma = new double[c.Model.Rank];
            ComponentNorm.All(c.Model, theta, sigma);
            var expected = sigma.OrderByDescending(x => x).Take(k).ToArray();
            return ComponentNorm.TopK(c.Model, theta, k).SequenceEqual(expected);
        });

    [Fact]
    public void TopKKeepsTiesAndHandlesKEqualToTheCount()
    {
        Span<double> top = stackalloc double[4];
        ComponentNorm.TopK([1.0, 3, 3, 0, 2], top);
        Assert.Equal([3.0, 3, 2, 1], top.ToArray());
        Span<double> all = stackalloc double[3];
        ComponentNorm.TopK([0.5, 2, 1], all);
        Assert.Equal([2.0, 1, 0.5], all.ToArray());
    }
}
