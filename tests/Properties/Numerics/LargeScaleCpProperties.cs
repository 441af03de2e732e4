using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Numerics;

/// <summary>A random large-scale CP instance: mode sizes, rank, m samples as multi-index rows, a list of rows (repeats allowed).</summary>
public sealed record SampleCpCase(int[] Dims, int Rank, byte[] Samples, int[] Rows, int Seed)
{
    public int Order => Dims.Length;
    public override string ToString() => $"dims [{string.Join(", ", Dims)}], R = {Rank}, rows [{string.Join(", ", Rows)}] of {Samples.Length / Order}, seed {Seed}";
}

/// <summary>
/// The prediction view of theory.md §5.1, f(x) = Σ_r Π_n w_r^n[x_n] (<see cref="LargeScaleCpFactorization"/>): both
/// walks of the one CP kernel — components in lanes along the trie, entries in lanes — give CpFactorization's entries
/// and gradients at the same multi-indices, agree with central finite differences and with each other; the
/// multi-index path decodes into exactly the linear-index walk (bitwise); order 784 at TF-E3's init stays O(1).
/// </summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class LargeScaleCpProperties
{
    private static readonly CpWalk[] Walks = [CpWalk.Trie, CpWalk.EntryLanes];

    /// <summary>Orders 1–6, mode sizes 1–4, ranks 1–6, 1–40 samples, 0–60 rows in any order (past a block of entry lanes).</summary>
    private static Arbitrary<SampleCpCase> Cases() =>
        (from order in Gen.Choose(1, 6)
         from dims in Gen.ArrayOf(Gen.Choose(1, 4), order)
         from rank in Gen.Choose(1, 6)
         from m in Gen.Choose(1, 40)
         from rowCount in Gen.Choose(0, 60)
         from seed in Gen.Choose(0, 1_000_000)
         let random = new System.Random(seed)
         let samples = Enumerable.Range(0, m * order).Select(k => (byte)random.Next(dims[k % order])).ToArray()
         let rows = Enumerable.Range(0, rowCount).Select(_ => random.Next(m)).ToArray()
         select new SampleCpCase(dims, rank, samples, rows, seed)).ToArbitrary();

    private static double[] Theta(int size, int seed)
    {
        var theta = new double[size];
        new Gaussian(seed).Fill(theta, 0.7);
        return theta;
    }

    private static double[] Weights(int count, int seed)
    {
        var g = new double[count];
        new Gaussian(seed + 1).Fill(g, 1);
        return g;
    }

    /// <summary>Linear C-order index of multi-index row k.</summary>
    private static int Linear(SampleCpCase c, int row)
    {
        int index = 0;
        for (int n = 0; n < c.Order; n++) index = index * c.Dims[n] + c.Samples[row * c.Order + n];
        return index;
    }

    [Property]
    public Property BothWalksGiveCpFactorizationsEntriesAndGradients() => Prop.ForAll(Cases(), c =>
    {
        var dense = new CpFactorization(c.Dims, c.Rank);
        var theta = Theta(dense.Layout.Size, c.Seed);
        var g = Weights(c.Rows.Length, c.Seed);
        var linear = c.Rows.Select(row => Linear(c, row)).ToArray();
        var expectedValues = new double[c.Rows.Length];
        var expectedGradient = new double[theta.Length];
        dense.EndAt(theta, linear, expectedValues);
        dense.BackwardAt(theta, linear, g, expectedGradient);
        return Walks.All(walk =>
        {
            var model = new LargeScaleCpFactorization(c.Dims, c.Rank, walk);
            var values = new double[c.Rows.Length];
            var gradient = Enumerable.Repeat(double.NaN, theta.Length).ToArray();   // overwritten, not accumulated
            model.Predict(theta, c.Samples, c.Rows, values);
            model.Backward(theta, c.Samples, c.Rows, g, gradient);
            return model.Layout.Size == dense.Layout.Size
                   && Numerically.MaxRelativeError(values, expectedValues) <= 1e-12 && Numerically.MaxRelativeError(gradient, expectedGradient) <= 1e-12;
        });
    });

    [Property]
    public Property GradientMatchesCentralFiniteDifferences() => Prop.ForAll(Cases(), c =>
    {
        var checks = Walks.Select(walk => Check(c, walk)).ToArray();
        return checks.All(r => r.Check.Passes(1e-6)).Label(string.Join("; ", checks.Select(r => $"{r.Walk}: {r.Check}")));
    });

    private static (CpWalk Walk, GradientCheckResult Check) Check(SampleCpCase c, CpWalk walk)
    {
        // φ(θ) = Σ_k g_k·f(x_k), whose gradient is Backward(θ, rows, g).
        var model = new LargeScaleCpFactorization(c.Dims, c.Rank, walk);
        var theta = Theta(model.Layout.Size, c.Seed);
        var g = Weights(c.Rows.Length, c.Seed);
        var values = new double[c.Rows.Length];
        var analytic = new double[theta.Length];
        model.Backward(theta, c.Samples, c.Rows, g, analytic);
        double Phi(double[] x)
        {
            model.Predict(x, c.Samples, c.Rows, values);
            double s = 0;
            for (int k = 0; k < g.Length; k++) s += g[k] * values[k];
            return s;
        }
        return (walk, GradientCheck.Run(model.Layout, Phi, analytic, theta));
    }

    [Property]
    public Property MultiIndexRowsRunTheLinearIndexWalkBitForBit() => Prop.ForAll(Cases(), c =>
    {
        // The trie walk over decoded multi-indices is the linear-index walk: same path, same levels, same arithmetic.
        var dense = new CpFactorization(c.Dims, c.Rank);
        var model = new LargeScaleCpFactorization(c.Dims, c.Rank, CpWalk.Trie);
        var theta = Theta(dense.Layout.Size, c.Seed);
        var g = Weights(c.Rows.Length, c.Seed);
        var linear = c.Rows.Select(row => Linear(c, row)).ToArray();
        double[] v1 = new double[c.Rows.Length], v2 = new double[c.Rows.Length], g1 = new double[theta.Length], g2 = new double[theta.Length];
        dense.EndAt(theta, linear, v1);
        dense.BackwardAt(theta, linear, g, g1);
        model.Predict(theta, c.Samples, c.Rows, v2);
        model.Backward(theta, c.Samples, c.Rows, g, g2);
        return v1.AsSpan().SequenceEqual(v2) && g1.AsSpan().SequenceEqual(g2);
    });

    [Fact]
    public void BinaryImagesGoToTheEntryLaneWalkAndLargerModesToTheTrie()
    {
        Assert.Equal(CpWalk.EntryLanes, new LargeScaleCpFactorization(784, 2, 3).Walk);
        Assert.Equal(CpWalk.EntryLanes, new LargeScaleCpFactorization([2, 4, 3], 3).Walk);
        Assert.Equal(CpWalk.Trie, new LargeScaleCpFactorization([2, 5], 3).Walk);
    }

    /// <summary>TF-E3 (theory.md §5.2): 784 factors of mean 1, std 1e-3 keep f(x) ≈ R; both walks, past the int size limit of Π D_n = 2^784.</summary>
    [Fact]
    public void Order784ProductsAtTfE3InitStayOrderOne()
    {
        const int order = 784, m = 37, rank = 5;
        var random = new System.Random(11);
        var samples = Enumerable.Range(0, m * order).Select(_ => (byte)random.Next(2)).ToArray();
        var rows = Enumerable.Range(0, m).ToArray();
        var theta = new double[order * 2 * rank];
        new Gaussian(5).Fill(theta, 1e-3, 1);
        var g = Weights(m, 3);
        var results = Walks.Select(walk =>
        {
            var model = new LargeScaleCpFactorization(order, 2, rank, walk);
            var values = new double[m];
            var gradient = new double[theta.Length];
            model.Predict(theta, samples, rows, values);
            model.Backward(theta, samples, rows, g, gradient);
            return (values, gradient);
        }).ToArray();
        Assert.All(results[0].values, v => Assert.InRange(v, 0.8 * rank, 1.2 * rank));
        Assert.All(results[0].gradient, x => Assert.True(double.IsFinite(x)));
        Assert.True(Numerically.MaxRelativeError(results[1].values, results[0].values) <= 1e-12);
        Assert.True(Numerically.MaxRelativeError(results[1].gradient, results[0].gradient) <= 1e-12);
    }

    [Fact]
    public void AnIndexOutsideItsModeIsNamedWithItsRowAndMode()
    {
        foreach (var walk in Walks)
        {
            var model = new LargeScaleCpFactorization([2, 2, 3], 2, walk);
            byte[] samples = [0, 1, 2, 1, 2, 0];
            var theta = new double[model.Layout.Size];
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(theta, samples, [0, 1], new double[2]));
            Assert.Contains("Row 1, mode 1: index 2 is outside 0…1", e.Message);
            var row = Assert.Throws<ArgumentOutOfRangeException>(() => model.Backward(theta, samples, [2], [1.0], new double[theta.Length]));
            Assert.Contains("Row 2 is outside a multi-index matrix of 2 rows", row.Message);
            Assert.Throws<ArgumentException>(() => model.Predict(theta, samples[..5], [0], new double[1]));
        }
    }

    [Fact]
    public void PredictAndBackwardAllocateNothingOnceWarm()
    {
        foreach (var walk in Walks)
        {
            var model = new LargeScaleCpFactorization(784, 2, 3, walk);
            var random = new System.Random(2);
            var samples = Enumerable.Range(0, 50 * 784).Select(_ => (byte)random.Next(2)).ToArray();
            var rows = Enumerable.Range(0, 50).ToArray();
            var theta = new double[model.Layout.Size];
            new Gaussian(1).Fill(theta, 1e-3, 1);
            var values = new double[50];
            var gradient = new double[theta.Length];
            model.Predict(theta, samples, rows, values);
            model.Backward(theta, samples, rows, values, gradient);
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Predict(theta, samples, rows, values);
            model.Backward(theta, samples, rows, values, gradient);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
