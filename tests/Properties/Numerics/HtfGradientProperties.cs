using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Numerics;

/// <summary>The HTF end tensor follows theory.md §6.1 / §8.1 E in C order, and its VJP is the gradient.</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class HtfGradientProperties
{
    [Property]
    public Property HtfGradientMatchesFiniteDifferences() =>
        Prop.ForAll(HtfArbitraries.Small(), c =>
        {
            var objective = new Objective(c.Model, RandomInstances.Loss(c.Model.EndShape, c.Seed));
            var result = GradientCheck.Run(objective, RandomInstances.Theta(c.Model, c.Seed + 1));
            // Relative 1e-6, or an absolute 1e-9 where the gradient itself is tiny (deep trees of one-child links at θ of
            // std 0.7: ‖∇‖∞ ≈ 1e-4, where central differences' rounding alone is ≈ 1e-10); the links' gradient is also
            // checked exactly against the chain rule (AOneChildLinkMultipliesItsChildByItsOwnMatrix).
            return (result.Passes(1e-6) || result.MaxAbsoluteError <= 1e-9).Label(result.ToString());
        });

    private static Gen<(int[] Dims, int[] Widths, int Seed)> OrderFourSizes =>
        from dims in Gen.ArrayOf(Gen.Choose(1, 3), 4)
        from widths in Gen.ArrayOf(Gen.Choose(1, 3), 3)
        from seed in Gen.Choose(0, 1_000_000)
        select (dims, widths, seed);

    /// <summary>§8.1 E: T12[i,j,s] = Σ_r W1[i,r]W2[j,r]A[r,s]; T34 likewise; 𝒲[i,j,k,l] = Σ_s T12[i,j,s]T34[k,l,s]o[s] (1-based names).</summary>
    [Property(MaxTest = 30)]
    public Property OrderFourCheckerboardEndMatchesExplicitEinsum() =>
        Prop.ForAll(OrderFourSizes.ToArbitrary(), s =>
        {
            var model = new HierarchicalTensorFactorization(ModeTree.Checkerboard(4), s.Dims, s.Widths);
            var theta = RandomInstances.Theta(model, s.Seed);
            var end = new double[model.EndShape.Size];
            model.End(theta, end);
            var (w1, w2, w3, w4) = (F(model, theta, "W{0}"), F(model, theta, "W{1}"), F(model, theta, "W{2}"), F(model, theta, "W{3}"));
            var (a, b, o) = (F(model, theta, "W{0,1}"), F(model, theta, "W{2,3}"), F(model, theta, "W{0,1,2,3}"));
            int[] d = s.Dims;
            int r12 = s.Widths[0], r34 = s.Widths[1], rRoot = s.Widths[2];
            double worst = 0;
            for (int i = 0; i < d[0]; i++)
            for (int j = 0; j < d[1]; j++)
            for (int k = 0; k < d[2]; k++)
            for (int l = 0; l < d[3]; l++)
            {
                double value = 0;
                for (int q = 0; q < rRoot; q++)
                {
                    double t12 = 0, t34 = 0;
                    for (int r = 0; r < r12; r++) t12 += w1[i, r] * w2[j, r] * a[r, q];
                    for (int r = 0; r < r34; r++) t34 += w3[k, r] * w4[l, r] * b[r, q];
                    value += t12 * t34 * o[q, 0];
                }
                worst = Math.Max(worst, Math.Abs(value - end[((i * d[1] + j) * d[2] + k) * d[3] + l]));
            }
            return (worst <= 1e-12).Label($"max deviation {worst:0.0e+0}");
        });

    /// <summary>
    /// RMC22 code's layers at order 3 (theory.md §6.3 reading B): leaf {2} passes through its own layer-1 matrix B (the
    /// link {2}'), 𝒲[i0,i1,i2] = Σ_q o[q] (Σ_r W0[i0,r] W1[i1,r] A[r,q]) (Σ_r W2[i2,r] B[r,q]); and the analytic gradient
    /// through the link matches central differences at θ of unit scale.
    /// </summary>
    [Property(MaxTest = 30)]
    public Property AOneChildLinkMultipliesItsChildByItsOwnMatrix() =>
        Prop.ForAll(OrderFourSizes.ToArbitrary(), s =>
        {
            int[] d = s.Dims[..3];
            var m = new HierarchicalTensorFactorization(ModeTree.OfficialLayers(3), d, s.Widths);
            var t = RandomInstances.Theta(m, s.Seed, std: 1.0);
            var e = new double[m.EndShape.Size];
            m.End(t, e);
            var (a, b, o) = (F(m, t, "W{0,1}"), F(m, t, "W{2}'"), F(m, t, "W{0,1,2}"));
            var w = Enumerable.Range(0, 3).Select(n => F(m, t, $"W{{{n}}}")).ToArray();
            double worst = 0;
            for (int i0 = 0; i0 < d[0]; i0++)
            for (int i1 = 0; i1 < d[1]; i1++)
            for (int i2 = 0; i2 < d[2]; i2++)
            {
                double x = 0;
                for (int q = 0; q < o.Rows; q++)
                {
                    double ta = 0, tb = 0;
                    for (int r = 0; r < a.Rows; r++) ta += w[0][i0, r] * w[1][i1, r] * a[r, q];
                    for (int r = 0; r < b.Rows; r++) tb += w[2][i2, r] * b[r, q];
                    x += o[q, 0] * ta * tb;
                }
                worst = Math.Max(worst, Math.Abs(x - e[(i0 * d[1] + i1) * d[2] + i2]));
            }
            // The same tensor as the tree ((0,1),2) with leaf factor U = W2·B: the gradient through the link is the chain rule
            // of that product, ∂/∂W2 = G_U Bᵀ and ∂/∂B = W2ᵀ G_U, and every other factor's gradient is the same (exactly).
            var plain = new HierarchicalTensorFactorization(ModeTree.Checkerboard(3), d, [s.Widths[0], s.Widths[2]]);
            var tp = new double[plain.Layout.Size];
            foreach (var name in new[] { "W{0}", "W{1}", "W{0,1}", "W{0,1,2}" }) m.Layout[name].Of(t.AsSpan()).CopyTo(plain.Layout[name].Of(tp.AsSpan()));
            var u = w[2].Times(b);
            u.Data.CopyTo(plain.Layout["W{2}"].Of(tp.AsSpan()));
            var loss = RandomInstances.Loss(m.EndShape, s.Seed + 3);
            var (g, gp) = (new double[m.Layout.Size], new double[plain.Layout.Size]);
            new Objective(m, loss).ValueAndGradient(t, g);
            new Objective(plain, loss).ValueAndGradient(tp, gp);
            var gu = F(plain, gp, "W{2}");
            double scale = gp.Max(Math.Abs), chain = 0;
            foreach (var name in new[] { "W{0}", "W{1}", "W{0,1}", "W{0,1,2}" })
                chain = Math.Max(chain, Deviation(F(m, g, name), F(plain, gp, name)));
            chain = Math.Max(chain, Deviation(F(m, g, "W{2}"), gu.Times(b.Transposed())));
            chain = Math.Max(chain, Deviation(F(m, g, "W{2}'"), w[2].Transposed().Times(gu)));
            return (worst <= 1e-12).Label($"end: max deviation {worst:0.0e+0}")
                .And((chain <= 1e-12 * Math.Max(1, scale)).Label($"gradient through the link vs the chain rule of W2·B: max deviation {chain:0.0e+0}"));
        });

    private static double Deviation(Matrix a, Matrix b) => a.Data.Zip(b.Data, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>Children that are not contiguous mode blocks, and a ternary node: 𝒲 is still in C order over modes 0..3.</summary>
    [Property(MaxTest = 30)]
    public Property NonContiguousAndTernaryTreesEndIsInCOrder() =>
        Prop.ForAll(OrderFourSizes.ToArbitrary(), s =>
        {
            int[] d = s.Dims;
            // ((0,2),(1,3)): 𝒲[i0,i1,i2,i3] = Σ_q o[q] (Σ_r W0[i0,r] W2[i2,r] A[r,q]) (Σ_r W1[i1,r] W3[i3,r] B[r,q])
            var m1 = new HierarchicalTensorFactorization(ModeTree.FromNested("((0,2),(1,3))"), d, s.Widths);
            var t1 = RandomInstances.Theta(m1, s.Seed);
            var e1 = new double[m1.EndShape.Size];
            m1.End(t1, e1);
            var (a, b, o) = (F(m1, t1, "W{0,2}"), F(m1, t1, "W{1,3}"), F(m1, t1, "W{0,1,2,3}"));
            var w = Enumerable.Range(0, 4).Select(n => F(m1, t1, $"W{{{n}}}")).ToArray();
            // (0,(1,3),2): 𝒲[i0,i1,i2,i3] = Σ_q o[q] V0[i0,q] (Σ_r V1[i1,r] V3[i3,r] C[r,q]) V2[i2,q]
            var m2 = new HierarchicalTensorFactorization(ModeTree.FromNested("(0,(1,3),2)"), d, s.Widths[..2]);
            var t2 = RandomInstances.Theta(m2, s.Seed + 1);
            var e2 = new double[m2.EndShape.Size];
            m2.End(t2, e2);
            var (c, o2) = (F(m2, t2, "W{1,3}"), F(m2, t2, "W{0,1,2,3}"));
            var v = Enumerable.Range(0, 4).Select(n => F(m2, t2, $"W{{{n}}}")).ToArray();
            double worst = 0;
            for (int i0 = 0; i0 < d[0]; i0++)
            for (int i1 = 0; i1 < d[1]; i1++)
            for (int i2 = 0; i2 < d[2]; i2++)
            for (int i3 = 0; i3 < d[3]; i3++)
            {
                int at = ((i0 * d[1] + i1) * d[2] + i2) * d[3] + i3;
                double x1 = 0, x2 = 0;
                for (int q = 0; q < o.Rows; q++)
                {
                    double ta = 0, tb = 0;
                    for (int r = 0; r < a.Rows; r++) ta += w[0][i0, r] * w[2][i2, r] * a[r, q];
                    for (int r = 0; r < b.Rows; r++) tb += w[1][i1, r] * w[3][i3, r] * b[r, q];
                    x1 += o[q, 0] * ta * tb;
                }
                for (int q = 0; q < o2.Rows; q++)
                {
                    double tc = 0;
                    for (int r = 0; r < c.Rows; r++) tc += v[1][i1, r] * v[3][i3, r] * c[r, q];
                    x2 += o2[q, 0] * v[0][i0, q] * tc * v[2][i2, q];
                }
                worst = Math.Max(worst, Math.Max(Math.Abs(x1 - e1[at]), Math.Abs(x2 - e2[at])));
            }
            return (worst <= 1e-12).Label($"max deviation {worst:0.0e+0}");
        });

    [Fact]
    public void EndBackwardAndLocalComponentTensorAllocateNothing()
    {
        foreach (var tree in new[] { ModeTree.Checkerboard(4), ModeTree.FromNested("(0,(1,4),(3,2))"), ModeTree.FromNested("0") })
        {
            var model = new HierarchicalTensorFactorization(tree, Enumerable.Range(2, tree.Order).ToArray(), 3);
            var theta = RandomInstances.Theta(model, 1);
            var end = new double[model.EndShape.Size];
            var endGradient = new double[model.EndShape.Size];
            new Gaussian(2).Fill(endGradient, 1);
            var gradient = new double[model.Layout.Size];
            var deltas = new ImplicitReg.Numerics.Quantities.LocalComponentTensor(model);
            model.End(theta, end);
            model.Backward(theta, endGradient, gradient);
            if (tree.InteriorCount > 0) deltas.Gamma(theta, tree.Root, 0, endGradient);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 3; i++)
            {
                model.End(theta, end);
                model.Backward(theta, endGradient, gradient);
                if (tree.InteriorCount > 0) deltas.Gamma(theta, tree.Root, 0, endGradient);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static Matrix F(HierarchicalTensorFactorization model, double[] theta, string name)
    {
        var slot = model.Layout[name];
        return new Matrix(slot.Of(theta.AsSpan()).ToArray(), slot.Shape[0], slot.Shape[1]);
    }

    private sealed record Matrix(double[] Data, int Rows, int Cols)
    {
        public double this[int i, int j] => Data[i * Cols + j];

        public Matrix Times(Matrix o)
        {
            var c = new double[Rows * o.Cols];
            for (int i = 0; i < Rows; i++)
            for (int j = 0; j < o.Cols; j++)
            for (int k = 0; k < Cols; k++)
                c[i * o.Cols + j] += this[i, k] * o[k, j];
            return new Matrix(c, Rows, o.Cols);
        }

        public Matrix Transposed()
        {
            var t = new double[Data.Length];
            for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
                t[j * Rows + i] = this[i, j];
            return new Matrix(t, Cols, Rows);
        }
    }
}
