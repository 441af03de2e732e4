using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Balanced CP initialization, ground-truth tensors and observation splits (theory.md §8.1 B, C).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class CpInitializationProperties
{
    /// <summary>§8.1 B: rescaling each component to the geometric-mean norm keeps 𝒲_e and makes ε = 0.</summary>
    [Property]
    public Property BalancedRescaleKeepsTheEndTensorAndMakesTheUnbalancednessZero() =>
        Prop.ForAll(CpArbitraries.Cp(), c =>
        {
            var m = c.Model;
            var theta = RandomInstances.Theta(m, c.Seed);
            var before = new double[m.EndShape.Size];
            m.End(theta, before);
            BalancedCp.Rescale(m, theta);
            var after = new double[before.Length];
            m.End(theta, after);
            double maxSquaredNorm = Enumerable.Range(0, m.Rank).SelectMany(r => Enumerable.Range(0, m.Order).Select(n => CpReference.Dot(m.Vector(theta, r, n), m.Vector(theta, r, n)))).Max();
            return before.Zip(after).All(p => Numerically.Close(p.First, p.Second, 1e-13))
                && CpBalancednessResidual.Unbalancedness(m, theta) <= 1e-14 * maxSquaredNorm;
        });

    /// <summary>Negative control: a Gaussian point of order ≥ 2 is unbalanced (ε &gt; 0) before the rescale.</summary>
    [Property]
    public Property GaussianInitIsUnbalanced() =>
        Prop.ForAll(CpArbitraries.CpOfOrderAtLeastTwo(), c => CpBalancednessResidual.Unbalancedness(c.Model, GaussianInit.Sample(c.Model, 0.7, c.Seed)) > 1e-6);

    [Fact]
    public void BalancedRescaleZeroesAComponentWithAZeroVector()
    {
        var m = new CpFactorization([2, 3, 2], 2);
        var theta = GaussianInit.Sample(m, 1, 5);
        m.Vector(theta.AsSpan(), 1, 2).Clear();
        BalancedCp.Rescale(m, theta);
        Assert.All(Enumerable.Range(0, 3), n => Assert.All(m.Vector(theta, 1, n).ToArray(), x => Assert.Equal(0, x)));
        Assert.Equal(0, CpBalancednessResidual.Of(m, theta, 1));
        Assert.True(ComponentNorm.Of(m, theta, 0) > 0);
    }

    [Fact]
    public void GaussianInitHasTheRequestedEntryStandardDeviation()
    {
        var m = new CpFactorization([10, 10, 10, 10], 1000);
        var theta = GaussianInit.Sample(m, 5e-3, 11, mean: 1);
        double mean = theta.Average(), std = Math.Sqrt(theta.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(mean, 1 - 1e-4, 1 + 1e-4);
        Assert.InRange(std, 5e-3 * 0.98, 5e-3 * 1.02);
        Assert.Equal(theta, GaussianInit.Sample(m, 5e-3, 11, mean: 1));
    }

    /// <summary>§8.1 C: 𝒲* has the requested Frobenius norm and is a sum of rank components (its mode-1 unfolding has rank ≤ rank).</summary>
    [Fact]
    public void GroundTruthHasUnitNormAndIsReproducible()
    {
        var t = GroundTruth.CpTensor([10, 10, 10, 10], 5, 7);
        Assert.Equal(1, CpReference.Norm(t), 12);
        Assert.Equal(t, GroundTruth.CpTensor([10, 10, 10, 10], 5, 7));
        Assert.NotEqual(t, GroundTruth.CpTensor([10, 10, 10, 10], 5, 8));
        Assert.Equal(3, CpReference.Norm(GroundTruth.CpTensor([3, 4], 2, 1, frobeniusNorm: 3)), 12);
        var unfolding = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1000, 10, (i, j) => t[j * 1000 + i]);
        Assert.Equal(5, unfolding.Rank());
    }

    [Property]
    public Property ObservationsSplitEveryEntryOnceIntoTrainAndTest() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(1, 5), 3).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (dims, seed) =>
        {
            var shape = new TensorShape(dims);
            int count = seed % (shape.Size + 1);
            var split = Observations.Sample(shape, count, seed);
            return split.Train.Length == count
                && split.Train.Concat(split.Test).Order().SequenceEqual(Enumerable.Range(0, shape.Size))
                && split.Train.SequenceEqual(Observations.Sample(shape, count, seed).Train);
        });
}
