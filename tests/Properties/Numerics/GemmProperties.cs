using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.LinearAlgebra;

namespace ImplicitReg.Properties.Numerics;

/// <summary>One GEMM call: sizes, transposes, α, β, a data seed, and an optional non-finite value planted in A or B.</summary>
public sealed record GemmCase(int M, int N, int K, bool TransA, bool TransB, double Alpha, double Beta, int Seed, double Poison = 0, bool PoisonInB = false)
{
    public string Variant => (TransA ? "T" : "N") + (TransB ? "T" : "N");

    public override string ToString() =>
        $"{Variant} m={M} n={N} k={K} α={Alpha} β={Beta} seed={Seed}{(Poison != 0 ? $" poison {Poison} in {(PoisonInB ? "B" : "A")}" : "")}";
}

public static class GemmArbitraries
{
    private static Gen<double> Scalar =>
        Gen.OneOf(Gen.Constant(0.0), Gen.Constant(1.0), Gen.Constant(-1.0), Gen.Choose(-2000, 2000).Select(i => i / 1000.0));

    public static Gen<GemmCase> Sized(int lo, int hi) =>
        from m in Gen.Choose(lo, hi)
        from n in Gen.Choose(lo, hi)
        from k in Gen.Choose(lo, hi)
        from ta in Gen.Elements(false, true)
        from tb in Gen.Elements(false, true)
        from alpha in Scalar
        from beta in Scalar
        from seed in Gen.Choose(0, 1_000_000)
        select new GemmCase(m, n, k, ta, tb, alpha, beta, seed);

    /// <summary>Sizes 1–70: every tail of the MR×NR tiles, tiny direct products and packed ones.</summary>
    public static Arbitrary<GemmCase> Cases() => Sized(1, 70).ToArbitrary();
}

[Properties(Arbitrary = [typeof(GemmArbitraries)], MaxTest = 300, Replay = Seeds.Replay)]
public class GemmProperties
{
    private static (double[] A, double[] B, double[] C) Operands(GemmCase g)
    {
        var rng = new Random(g.Seed);
        var a = new double[g.M * g.K];
        var b = new double[g.K * g.N];
        var c = new double[g.M * g.N];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() * 2 - 1;
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() * 2 - 1;
        // β = 0 must overwrite C without reading it: fill it with NaN.
        for (int i = 0; i < c.Length; i++) c[i] = g.Beta == 0 ? double.NaN : rng.NextDouble() * 2 - 1;
        if (g.Poison != 0)
        {
            var target = g.PoisonInB ? b : a;
            int at = rng.Next(target.Length);
            target[at] = g.Poison;
            // A zero partner must not hide it (no zero skipping): zero the matching row of op(B) / column of op(A).
            if (g.PoisonInB)
            {
                int p = g.TransB ? at % g.K : at / g.N;
                for (int i = 0; i < g.M; i++) a[g.TransA ? p * g.M + i : i * g.K + p] = 0;
            }
            else
            {
                int p = g.TransA ? at / g.M : at % g.K;
                for (int j = 0; j < g.N; j++) b[g.TransB ? j * g.K + p : p * g.N + j] = 0;
            }
        }
        return (a, b, c);
    }

    private static void Call(GemmCase g, double[] a, double[] b, double[] c)
    {
        switch (g.TransA, g.TransB)
        {
            case (false, false): Gemm.NN(g.M, g.N, g.K, g.Alpha, a, b, g.Beta, c); break;
            case (true, false): Gemm.TN(g.M, g.N, g.K, g.Alpha, a, b, g.Beta, c); break;
            case (false, true): Gemm.NT(g.M, g.N, g.K, g.Alpha, a, b, g.Beta, c); break;
            default: Gemm.TT(g.M, g.N, g.K, g.Alpha, a, b, g.Beta, c); break;
        }
    }

    /// <summary>The naive triple loop, and for each entry the scale Σ|α a b| + |β c| its rounding error is relative to.</summary>
    private static (double[] Value, double[] Scale) Naive(GemmCase g, double[] a, double[] b, double[] c)
    {
        var value = new double[g.M * g.N];
        var scale = new double[g.M * g.N];
        for (int i = 0; i < g.M; i++)
            for (int j = 0; j < g.N; j++)
            {
                double s = 0, abs = 0;
                for (int p = 0; p < g.K; p++)
                {
                    double x = g.TransA ? a[p * g.M + i] : a[i * g.K + p];
                    double y = g.TransB ? b[j * g.K + p] : b[p * g.N + j];
                    s += x * y;
                    abs += Math.Abs(x * y);
                }
                double old = g.Beta == 0 ? 0 : g.Beta * c[i * g.N + j];
                value[i * g.N + j] = g.Alpha * s + old;
                scale[i * g.N + j] = Math.Abs(g.Alpha) * abs + Math.Abs(old);
            }
        return (value, scale);
    }

    private static bool Agrees(GemmCase g, out string failure)
    {
        var (a, b, c) = Operands(g);
        var (expected, scale) = Naive(g, a, b, c);
        var aCopy = (double[])a.Clone();
        var bCopy = (double[])b.Clone();
        Call(g, a, b, c);
        failure = "";
        if (!a.AsSpan().SequenceEqual(aCopy) || !b.AsSpan().SequenceEqual(bCopy))
        {
            failure = "an input was modified";
            return false;
        }
        for (int i = 0; i < c.Length; i++)
        {
            double x = c[i], e = expected[i];
            bool ok = double.IsFinite(e)
                ? Math.Abs(x - e) <= 1e-12 * scale[i] + 1e-300
                : double.IsNaN(e) ? double.IsNaN(x) : x == e;
            if (!ok)
            {
                failure = $"C[{i / g.N},{i % g.N}] = {x}, naive {e}";
                return false;
            }
        }
        return true;
    }

    [Property]
    public Property EveryVariantEqualsTheNaiveTripleLoop(GemmCase g) =>
        Agrees(g, out var failure).Label(failure);

    [Property(MaxTest = 100)]
    public Property NaNAndInfinityPropagateThroughZeroPartners(GemmCase g, bool inB, int which) =>
        Prop.ForAll(Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity).ToArbitrary(), poison =>
        {
            var poisoned = g with { Poison = poison, PoisonInB = inB, Alpha = g.Alpha == 0 ? 1 : g.Alpha, Seed = g.Seed + which };
            return Agrees(poisoned, out var failure).Label(failure);
        });

    /// <summary>Sizes across the packing blocks (k past one 256-deep block, m past one 96-row block).</summary>
    [Property(MaxTest = 12)]
    public Property BlockBoundariesEqualTheNaiveTripleLoop() =>
        Prop.ForAll(GemmArbitraries.Sized(90, 300).ToArbitrary(), g => Agrees(g, out var failure).Label(failure));

    [Fact]
    public void WideProductsCrossTheColumnBlock()
    {
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var g = new GemmCase(7, 2 * 2048 + 19, 5, ta, tb, 0.5, 0.25, 42);
            Assert.True(Agrees(g, out var failure), $"{g}: {failure}");
        }
    }

    [Fact]
    public void EmptyDepthScalesC()
    {
        var c = new[] { 1.0, double.NaN, 3.0, 4.0 };
        Gemm.NN(2, 2, 0, 1, [], [], 2, c);
        Assert.Equal(2.0, c[0]);
        Assert.True(double.IsNaN(c[1]));
        Gemm.TN(2, 2, 0, 1, [], [], 0, c);
        Assert.Equal(new double[4], c);
    }

    [Fact]
    public void RepeatedCallsAreBitIdentical()
    {
        var g = new GemmCase(101, 67, 257, false, true, 1.5, 0, 7);
        var (a, b, c) = Operands(g);
        var first = (double[])c.Clone();
        Call(g, a, b, first);
        for (int r = 0; r < 3; r++)
        {
            var again = (double[])c.Clone();
            Call(g, a, b, again);
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void NoAllocationAfterWarmUp()
    {
        var g = new GemmCase(100, 100, 100, true, false, 1, 0, 3);
        var (a, b, c) = Operands(g);
        Call(g, a, b, c);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 5; r++) Call(g, a, b, c);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
