using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// Deep MF and HTF remember the θ of their last forward pass and reuse it in Backward. Backward must still be
/// the same function of (θ, G) whatever was evaluated before, and the gradient must hold at sizes that take the
/// packed GEMM path (not only the tiny direct one).
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
