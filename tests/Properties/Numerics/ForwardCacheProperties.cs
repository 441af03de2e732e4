using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// Deep MF and HTF keep their forward products for <see cref="IReusesForward.BackwardAfterEnd"/>. Backward must
/// be the same function of (θ, G) whatever was evaluated before, BackwardAfterEnd right after End(θ) must equal
/// it bit for bit, and the gradient must hold at sizes that take the packed GEMM path.
/// </summary>
[Properties(MaxTest = 40, Replay = Seeds.Replay)]
public class ForwardCacheProperties
{
    private static Gen<(IFactorization Model, int Seed)> Models =>
        Gen.OneOf(
            from depth in Gen.Choose(1, 4)
            from widths in Gen.ArrayOf(Gen.Choose(1, 40), depth + 1)
            from seed in Gen.Choose(0, 1_000_000)
            select ((IFactorization)new DeepMatrixFactorization(widths), seed),
            from tree in Gen.Elements("((0,1),(2,3))", "(0,(1,2),3)", "((0,2),1)", "(0,1,2)", "((0,1),2)")
            let t = ModeTree.FromNested(tree)
            from dims in Gen.ArrayOf(Gen.Choose(1, 5), t.Order)
            from widths in Gen.ArrayOf(Gen.OneOf(Gen.Constant(1), Gen.Choose(1, 40)), t.InteriorCount)   // R = 1 makes pair nodes below the root
            from seed in Gen.Choose(0, 1_000_000)
            select ((IFactorization)new HierarchicalTensorFactorization(t, dims, widths), seed));

    private static double[] Gradient(IFactorization model, double[] theta, double[] g)
    {
        var gradient = new double[model.Layout.Size];
        model.Backward(theta, g, gradient);
        return gradient;
    }

    [Property]
    public Property BackwardDoesNotDependOnWhatWasEvaluatedBefore() =>
        Prop.ForAll(Models.ToArbitrary(), c =>
        {
            var model = c.Model;
            var theta1 = RandomInstances.Theta(model, c.Seed, 0.3);
            var theta2 = RandomInstances.Theta(model, c.Seed + 1, 0.3);
            var g = new double[model.EndShape.Size];
            new ImplicitReg.Numerics.Random.Gaussian(c.Seed + 2).Fill(g, 1);
            var fresh = Gradient(model.Clone(), theta2, g);
            var end = new double[model.EndShape.Size];

            model.End(theta1, end);                    // a different θ was evaluated last
            bool other = Gradient(model, theta2, g).AsSpan().SequenceEqual(fresh);
            model.End(theta2, end);                    // the same θ was evaluated last
            bool same = Gradient(model, theta2, g).AsSpan().SequenceEqual(fresh);
            var mutated = (double[])theta1.Clone();
            model.End(mutated, end);                   // θ changed in place after End (as an optimizer step does)
            theta2.CopyTo(mutated, 0);
            bool inPlace = Gradient(model, mutated, g).AsSpan().SequenceEqual(fresh);
            mutated[^1] = double.NaN;                  // one changed entry is enough to invalidate
            var poisoned = Gradient(model.Clone(), mutated, g);
            bool nan = Gradient(model, mutated, g).AsSpan().SequenceEqual(poisoned);
            return (other && same && inPlace && nan).Label($"{model.Name}: other {other}, same {same}, in place {inPlace}, NaN {nan}");
        });

    [Property]
    public Property BackwardAfterEndEqualsBackwardBitForBit() =>
        Prop.ForAll(Models.ToArbitrary(), c =>
        {
            var model = c.Model;
            var theta = RandomInstances.Theta(model, c.Seed, 0.3);
            var g = new double[model.EndShape.Size];
            new ImplicitReg.Numerics.Random.Gaussian(c.Seed + 2).Fill(g, 1);
            var fresh = Gradient(model.Clone(), theta, g);
            var end = new double[model.EndShape.Size];
            model.End(RandomInstances.Theta(model, c.Seed + 5, 0.3), end);   // something else first
            model.End(theta, end);
            var reused = new double[model.Layout.Size];
            ((IReusesForward)model).BackwardAfterEnd(theta, g, reused);
            return reused.AsSpan().SequenceEqual(fresh).Label(model.Name);
        });

    [Property]
    public Property GradientMatchesFiniteDifferencesAtPackedSizes() =>
        Prop.ForAll(Models.ToArbitrary(), c =>
        {
            var objective = new Objective(c.Model, RandomInstances.Loss(c.Model.EndShape, c.Seed));
            // Larger models have larger φ, so the central difference's rounding noise (~ε·φ/h) is larger: h = 1e-5,
            // tolerance 1e-5 (a wrong gradient term is off by O(1)).
            var result = GradientCheck.Run(objective, RandomInstances.Theta(c.Model, c.Seed + 1, 0.3), h: 1e-5, maxCoordinates: 40, seed: c.Seed);
            return result.Passes(1e-5).Label($"{c.Model.Name}: {result}");
        });
}

/// <summary>
/// Deep MF takes the top level's two products with the end gradient over its nonzeros when it is sparse and the
/// partners are finite; the result must equal the dense products, and NaN/∞ must propagate as in the dense ones.
/// </summary>
[Properties(MaxTest = 40, Replay = Seeds.Replay)]
public class SparseEndGradientProperties
{
    private static double[] DenseReference(DeepMatrixFactorization model, double[] theta, double[] g)
    {
        // ∂/∂W_j = W_{N:j+1}ᵀ G W_{j−1:1}ᵀ by naive loops.
        int n = model.Depth;
        var w = model.Widths;
        double[] Mul(double[] a, int ar, int ac, double[] b, int bc, bool ta = false, int atRows = 0)
        {
            var c = new double[ar * bc];
            for (int i = 0; i < ar; i++)
                for (int j = 0; j < bc; j++)
                {
                    double s = 0;
                    for (int p = 0; p < ac; p++) s += (ta ? a[p * atRows + i] : a[i * ac + p]) * b[p * bc + j];
                    c[i * bc + j] = s;
                }
            return c;
        }
        double[] T(double[] a, int r, int c) { var t = new double[a.Length]; for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = a[i * c + j]; return t; }
        var gradient = new double[model.Layout.Size];
        for (int j = 1; j <= n; j++)
        {
            // left = W_{N:j+1}ᵀ G (n_j × n_0), right = W_{j−1:1}ᵀ (n_0 × n_{j−1})
            var left = g; int lr = w[n];
            for (int l = n; l > j; l--) { left = Mul(T(model.Layer(theta, l).ToArray(), w[l], w[l - 1]), w[l - 1], w[l], left, w[0]); lr = w[l - 1]; }
            var prod = Enumerable.Range(0, w[0] * w[0]).Select(t => t / w[0] == t % w[0] ? 1.0 : 0.0).ToArray(); // identity n_0 × n_0
            int pr = w[0];
            for (int l = 1; l < j; l++) { prod = Mul(model.Layer(theta, l).ToArray(), w[l], w[l - 1], prod, w[0]); pr = w[l]; }
            var gj = j == 1 ? left : Mul(left, lr, w[0], T(prod, pr, w[0]), pr);   // W_{0:1} = I is not multiplied
            gj.CopyTo(model.Layer(gradient.AsSpan(), j));
        }
        return gradient;
    }

    [Property]
    public Property SparseTopStepEqualsTheDenseProducts() =>
        Prop.ForAll(
            (from depth in Gen.Choose(2, 4)
             from widths in Gen.ArrayOf(Gen.Choose(1, 24), depth + 1)
             from density in Gen.Elements(0.0, 0.05, 0.2, 0.25, 0.5, 1.0)
             from poison in Gen.Elements(0.0, double.NaN, double.PositiveInfinity)
             from poisonTheta in Gen.Elements(false, true)
             from seed in Gen.Choose(0, 1_000_000)
             select (widths, density, poison, poisonTheta, seed)).ToArbitrary(),
            c =>
            {
                var model = new DeepMatrixFactorization(c.widths);
                var theta = RandomInstances.Theta(model, c.seed, 0.5);
                var rng = new Random(c.seed);
                var g = new double[model.EndShape.Size];
                for (int t = 0; t < g.Length; t++) g[t] = rng.NextDouble() < c.density ? rng.NextDouble() - 0.5 : 0;
                if (c.poison != 0)
                {
                    if (c.poisonTheta) theta[rng.Next(theta.Length)] = c.poison;
                    else g[rng.Next(g.Length)] = c.poison;
                }
                var expected = DenseReference(model, theta, g);
                var actual = new double[theta.Length];
                model.Backward(theta, g, actual);
                for (int t = 0; t < actual.Length; t++)
                {
                    double x = actual[t], e = expected[t];
                    bool ok = double.IsNaN(e) ? double.IsNaN(x) : double.IsInfinity(e) ? x == e : Math.Abs(x - e) <= 1e-10 * (1 + Math.Abs(e));
                    if (!ok) return false.Label($"{model.Name}: θ-gradient[{t}] = {x}, dense {e}");
                }
                return true.Label("");
            });
}
