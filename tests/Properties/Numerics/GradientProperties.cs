using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>A random model instance: the factorization and a seed for θ and the loss.</summary>
public sealed record ModelCase(IFactorization Model, int Seed)
{
    public override string ToString() => $"{Model.Name}, seed {Seed}";
}

public static class ModelArbitraries
{
    private static Gen<int> Seed => Gen.Choose(0, 1_000_000);

    public static Arbitrary<ModelCase> DeepMatrix() =>
        (from depth in Gen.Choose(1, 4)
         from widths in Gen.ArrayOf(Gen.Choose(1, 5), depth + 1)
         from seed in Seed
         select new ModelCase(new DeepMatrixFactorization(widths), seed)).ToArbitrary();
}

/// <summary>Every model's analytic gradient ∇φ = Backward(θ, ∇ℒ) agrees with central finite differences.</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class GradientProperties
{
    private static bool MatchesFiniteDifferences(ModelCase c)
    {
        var loss = RandomInstances.Loss(c.Model.EndShape, c.Seed);
        var objective = new Objective(c.Model, loss);
        var result = GradientCheck.Run(objective, RandomInstances.Theta(c.Model, c.Seed + 1));
        return result.Passes(1e-6);
    }

    [Property(Arbitrary = [typeof(ModelArbitraries)])]
    public Property DeepMatrixFactorizationGradientMatchesFiniteDifferences() =>
        Prop.ForAll(ModelArbitraries.DeepMatrix(), MatchesFiniteDifferences);
}
