using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// The observed-entries path (<see cref="IObservedEntries"/>, theory.md §5.1: a completion loss reads 𝒲 only on Ω and
/// ∇ℒ vanishes off Ω) gives the dense path's φ and ∇φ, matches finite differences, and allocates nothing per step.
/// </summary>
[Properties(MaxTest = 60, Replay = Seeds.Replay)]
public class ObservedEntriesProperties
{
    /// <summary>
    /// CP instances past the kernel's blocks: orders 1–4, mode sizes up to 80 (orders ≤ 2) or 9, ranks 1–12 or
    /// 250–300 (several component chunks when the modes are long, ranks off the vector width), up to 6561 entries
    /// (several entry batches).
    /// </summary>
    private static Arbitrary<ModelCase> LargeCp() =>
        (from order in Gen.Choose(1, 4)
         from dims in Gen.ArrayOf(order <= 2 ? Gen.Choose(1, 80) : Gen.Choose(1, 9), order)
         from rank in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(250, 300))
         from seed in Gen.Choose(0, 1_000_000)
         select new ModelCase(new CpFactorization(dims, rank), seed)).ToArbitrary();

    /// <summary>Deep MF instances: depths 1–4, widths 1–24 (the observed path's dot products and top products).</summary>
    private static Arbitrary<ModelCase> DeepMf() =>
        (from depth in Gen.Choose(1, 4)
         from widths in Gen.ArrayOf(Gen.Choose(1, 24), depth + 1)
         from seed in Gen.Choose(0, 1_000_000)
         select new ModelCase(new DeepMatrixFactorization(widths), seed)).ToArbitrary();

    /// <summary>A random completion loss: a random nonempty subset of the entries (in random order), mean or ½·sum.</summary>
    private static CompletionLoss Completion(TensorShape shape, int seed)
    {
        var g = new Gaussian(seed);
        int m = 1 + g.NextInt(shape.Size);
        var idx = g.Permutation(shape.Size)[..m];
        var y = new double[m];
        g.Fill(y, 1);
        return new CompletionLoss(shape, idx, y, g.NextInt(2) == 0 ? LossNormalization.Mean : LossNormalization.HalfSum);
    }

    /// <summary>A random index list of any length up to twice the size, in any order, repeats allowed.</summary>
    private static int[] IndexList(TensorShape shape, int seed)
    {
        var g = new Gaussian(seed);
        var list = new int[g.NextInt(2 * shape.Size + 1)];
        for (int k = 0; k < list.Length; k++) list[k] = g.NextInt(shape.Size);
        return list;
    }

    private static bool MatchesDensePath(ModelCase c)
    {
        var loss = Completion(c.Model.EndShape, c.Seed);
        var observed = new Objective(c.Model, loss);
        var dense = new Objective(new DenseOnly(c.Model.Clone()), loss);
        var theta = RandomInstances.Theta(c.Model, c.Seed + 1);
        var g1 = new double[observed.Dimension];
        var g2 = new double[dense.Dimension];
        double v1 = observed.ValueAndGradient(theta, g1), v2 = dense.ValueAndGradient(theta, g2);
        double v3 = observed.Value(theta), v4 = dense.Value(theta);
        return observed.UsesObservedEntries && !dense.UsesObservedEntries
            && Numerically.MaxRelativeError([v1, v3], [v2, v4]) <= 1e-12 && Numerically.MaxRelativeError(g1, g2) <= 1e-12;
    }

    private static bool MatchesFiniteDifferences(ModelCase c)
    {
        var objective = new Objective(c.Model, Completion(c.Model.EndShape, c.Seed));
        return objective.UsesObservedEntries
            && GradientCheck.Run(objective, RandomInstances.Theta(c.Model, c.Seed + 1), maxCoordinates: 300, seed: c.Seed).Passes(1e-6);
    }

    private static bool EndAtGathersEnd(ModelCase c)
    {
        var model = c.Model;
        var entries = (IObservedEntries)model;
        var theta = RandomInstances.Theta(model, c.Seed + 1);
        var list = IndexList(model.EndShape, c.Seed);
        var end = new double[model.EndShape.Size];
        model.End(theta, end);
        var values = new double[list.Length];
        entries.EndAt(theta, list, values);
        return Numerically.MaxRelativeError(values, list.Select(i => end[i]).ToArray()) <= 1e-12;
    }

    private static bool BackwardAtIsBackwardOfTheScatteredGradient(ModelCase c)
    {
        var model = c.Model;
        var entries = (IObservedEntries)model;
        var theta = RandomInstances.Theta(model, c.Seed + 1);
        var list = IndexList(model.EndShape, c.Seed);
        var g = new double[list.Length];
        new Gaussian(c.Seed + 2).Fill(g, 1);
        var endGradient = new double[model.EndShape.Size];
        for (int k = 0; k < list.Length; k++) endGradient[list[k]] += g[k];
        var expected = new double[model.Layout.Size];
        model.Backward(theta, endGradient, expected);
        var actual = new double[model.Layout.Size];
        actual.AsSpan().Fill(double.NaN);   // overwritten, not accumulated
        entries.BackwardAt(theta, list, g, actual);
        return Numerically.MaxRelativeError(actual, expected) <= 1e-12 || (expected.All(x => x == 0) && actual.All(x => x == 0));
    }

    [Property]
    public Property CpObservedPathMatchesDensePath() => Prop.ForAll(CpArbitraries.CpModel(), MatchesDensePath);

    [Property]
    public Property LargeCpObservedPathMatchesDensePath() => Prop.ForAll(LargeCp(), MatchesDensePath);

    [Property]
    public Property DeepCpObservedPathMatchesDensePath() => Prop.ForAll(CpArbitraries.DeepCpModel(), MatchesDensePath);

    [Property]
    public Property DeepMfObservedPathMatchesDensePath() => Prop.ForAll(DeepMf(), MatchesDensePath);

    [Property(MaxTest = 20)]
    public Property DeepMfObservedPathMatchesFiniteDifferences() => Prop.ForAll(DeepMf(), MatchesFiniteDifferences);

    [Property]
    public Property DeepMfEndAtGathersEnd() => Prop.ForAll(DeepMf(), EndAtGathersEnd);

    [Property]
    public Property DeepMfBackwardAtIsBackwardOfTheScatteredGradient() => Prop.ForAll(DeepMf(), BackwardAtIsBackwardOfTheScatteredGradient);

    [Property]
    public Property CpObservedPathMatchesFiniteDifferences() => Prop.ForAll(CpArbitraries.CpModel(), MatchesFiniteDifferences);

    [Property(MaxTest = 10)]
    public Property LargeCpObservedPathMatchesFiniteDifferences() => Prop.ForAll(LargeCp(), MatchesFiniteDifferences);

    [Property]
    public Property DeepCpObservedPathMatchesFiniteDifferences() => Prop.ForAll(CpArbitraries.DeepCpModel(), MatchesFiniteDifferences);

    [Property]
    public Property CpEndAtGathersEnd() => Prop.ForAll(LargeCp(), EndAtGathersEnd);

    [Property]
    public Property DeepCpEndAtGathersEnd() => Prop.ForAll(CpArbitraries.DeepCpModel(), EndAtGathersEnd);

    [Property]
    public Property CpBackwardAtIsBackwardOfTheScatteredGradient() => Prop.ForAll(LargeCp(), BackwardAtIsBackwardOfTheScatteredGradient);

    [Property]
    public Property DeepCpBackwardAtIsBackwardOfTheScatteredGradient() =>
        Prop.ForAll(CpArbitraries.DeepCpModel(), BackwardAtIsBackwardOfTheScatteredGradient);

    /// <summary>End and EndAt against Σ_r ⊗_n w_r^n entry by entry, on an instance with several component chunks and entry batches.</summary>
    [Fact]
    public void EndMatchesComponentSumAcrossChunksAndBatches()
    {
        var model = new CpFactorization([70, 60, 2], 300);
        var theta = RandomInstances.Theta(model, 4);
        var expected = new double[model.EndShape.Size];
        for (int r = 0; r < model.Rank; r++)
        {
            var component = CpReference.ComponentTensor(model, theta, r);
            for (int i = 0; i < expected.Length; i++) expected[i] += component[i];
        }
        var end = new double[expected.Length];
        model.End(theta, end);
        Assert.True(Numerically.MaxRelativeError(end, expected) <= 1e-12);
        var list = IndexList(model.EndShape, 9);
        var values = new double[list.Length];
        model.EndAt(theta, list, values);
        Assert.True(Numerically.MaxRelativeError(values, list.Select(i => expected[i]).ToArray()) <= 1e-12);
    }

    /// <summary>
    /// Backward and BackwardAt against theory.md §5.1's ∂/∂w_r^n[i_n] = Σ_e g_e·Π_{m≠n} w_r^m[i_m] entry by entry, on an
    /// instance with several component chunks and entry batches.
    /// </summary>
    [Fact]
    public void BackwardMatchesPerEntryContractionAcrossChunksAndBatches()
    {
        var model = new CpFactorization([70, 60, 2], 300);
        var theta = RandomInstances.Theta(model, 4);
        var list = IndexList(model.EndShape, 10);
        var g = new double[list.Length];
        new Gaussian(11).Fill(g, 1);
        var actual = new double[model.Layout.Size];
        model.BackwardAt(theta, list, g, actual);
        Assert.True(Numerically.MaxRelativeError(actual, PerEntryGradient(model, theta, list, g)) <= 1e-12);
        var dense = new double[model.EndShape.Size];
        new Gaussian(12).Fill(dense, 1);
        model.Backward(theta, dense, actual);
        Assert.True(Numerically.MaxRelativeError(actual, PerEntryGradient(model, theta, Enumerable.Range(0, dense.Length).ToArray(), dense)) <= 1e-12);
    }

    private static double[] PerEntryGradient(CpFactorization model, double[] theta, int[] list, double[] g)
    {
        var gradient = new double[model.Layout.Size];
        var index = new int[model.Order];
        for (int e = 0; e < list.Length; e++)
        {
            model.EndShape.MultiIndex(list[e], index);
            for (int r = 0; r < model.Rank; r++)
                for (int n = 0; n < model.Order; n++)
                {
                    double p = g[e];
                    for (int m = 0; m < model.Order; m++)
                        if (m != n) p *= model.Vector(theta, r, m)[index[m]];
                    model.Vector(gradient.AsSpan(), r, n)[index[n]] += p;
                }
        }
        return gradient;
    }

    /// <summary>Objective steps on the observed-entries path allocate nothing once warm.</summary>
    [Fact]
    public void ObservedEntriesStepsAllocateNothing()
    {
        IFactorization[] models = [new CpFactorization([10, 10, 10, 10], 300), new CpFactorization([7], 3), new DeepCpFactorization([3, 4, 2], 5, 3),
            new DeepMatrixFactorization(20, 30, 25, 20), new DeepMatrixFactorization(9, 7), new DeepMatrixFactorization(6, 5, 4, 3, 8)];
        foreach (var model in models)
        {
            var objective = new Objective(model, Completion(model.EndShape, 5));
            Assert.True(objective.UsesObservedEntries);
            var theta = RandomInstances.Theta(model, 1);
            var gradient = new double[model.Layout.Size];
            objective.ValueAndGradient(theta, gradient);
            objective.Value(theta);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 5; step++)
            {
                objective.ValueAndGradient(theta, gradient);
                objective.Value(theta);
                for (int i = 0; i < theta.Length; i++) theta[i] -= 1e-3 * gradient[i];
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>A model seen only as an <see cref="IFactorization"/>, so that <see cref="Objective"/> takes the dense path.</summary>
    private sealed class DenseOnly(IFactorization inner) : IFactorization
    {
        public string Name => inner.Name;
        public ParameterLayout Layout => inner.Layout;
        public TensorShape EndShape => inner.EndShape;
        public void End(ReadOnlySpan<double> theta, Span<double> end) => inner.End(theta, end);
        public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient) => inner.Backward(theta, endGradient, gradient);
        public IFactorization Clone() => new DenseOnly(inner.Clone());
    }
}
