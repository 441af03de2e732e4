using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.NotExplainableByNorms;

namespace ImplicitReg.Properties.Claims.NotExplainableByNorms;

/// <summary>RC20's claims on the canonical 2×2 completion as FsCheck properties (GD runs and random feasible W).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class NotExplainableByNormsClaimProperties
{
    private static double[] Point(int seed) => Rc20Bounds.Sample(new ImplicitReg.Numerics.Random.Gaussian(seed));

    [Property(DisplayName = "NN-1: det W keeps its sign along small-step GD from balanced init (depth 3, 4)", MaxTest = 10)]
    public bool DeterminantKeepsItsSignFromBalancedInit(byte depth, byte scale, int seed) =>
        NN1_DeterminantSignCheck.Follow(Rc20Problem.Balanced(3 + depth % 2, 0.05 + 2 * scale / 255.0, seed), 1e-2, 2_000).Kept;

    [Property(DisplayName = "NN-1: the unbalanced scalar counterexample w₁ = α, w₂ = 2α flips the sign (control)", MaxTest = 10)]
    public bool UnbalancedScalarCounterexampleFlipsTheSign(byte scale) =>
        !NN1_DeterminantSignCheck.Follow(Rc20Problem.ScalarCounterexample(Math.Pow(10, -1 - 2 * scale / 255.0)), 1e-2, 5_000).Kept;

    [Property(DisplayName = "NN-2: det W > 0 forces |w11| ≥ (1−√(2ℓ))²/√(2ℓ)", MaxTest = 1000)]
    public bool PositiveDeterminantForcesTheUnobservedEntryAboveTheBound(int seed)
    {
        var w = Point(seed);
        return !Rc20Bounds.Applies(w) || Rc20Bounds.Nn2(w).Holds;
    }

    [Property(DisplayName = "NN-4: σ2(W) ≤ ρ + (1+ρ)²/|w11| ≤ ρ(1 + (1+ρ)²/(1−ρ)²) when det W > 0", MaxTest = 1000)]
    public bool SecondSingularValueIsBoundedByTheLoss(int seed)
    {
        var w = Point(seed);
        return !Rc20Bounds.Applies(w) || Rc20Bounds.Nn4(w).Holds;
    }

    [Fact(DisplayName = "NN-2 and NN-4 hold at every state of a balanced depth-3 GD run")]
    public void BoundsHoldAlongABalancedRun()
    {
        var points = Rc20Bounds.TrajectoryPoints(3, 1.0, 7, 3_000).ToList();
        Assert.Equal(0, Rc20Bounds.Tally(points, Rc20Bounds.Nn2).Violations);
        Assert.Equal(0, Rc20Bounds.Tally(points, Rc20Bounds.Nn4).Violations);
        Assert.True(Rc20Bounds.Tally(points, Rc20Bounds.Nn2).Points > 1000);
    }
}
