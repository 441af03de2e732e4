using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.TensorFactorization;

namespace ImplicitReg.Properties.Claims.TensorFactorization;

/// <summary>RMC21's α → 0 claims (TF-4, TF-5) as FsCheck properties: α-sweeps of GD runs on small CP completion problems (few cases).</summary>
[Properties(MaxTest = 3, Replay = Seeds.Replay)]
public class SmallInitRankOneClaimProperties
{
    [Property(DisplayName = "TF-5: with a rank-one target, GD from α = 1e-3 converges to a rank-one solution (σ(2)/σ(1) < 1e-3, below α = 0.1's)")]
    public bool SmallInitConvergesToARankOneSolution(int seed)
    {
        var small = TF5_RankOneConvergenceCheck.Final(seed, 1e-3);
        var mid = TF5_RankOneConvergenceCheck.Final(seed, 1e-1);
        return small.Loss < TF5_RankOneConvergenceCheck.LossTolerance && small.Ratio < TF5_RankOneConvergenceCheck.RatioTolerance && small.Ratio < mid.Ratio;
    }

    [Property(DisplayName = "TF-5 control: large init (α = 1) converges to an interpolant that is not rank one")]
    public bool LargeInitDoesNotConvergeToRankOne(int seed) =>
        TF5_RankOneConvergenceCheck.Final(seed, TF5_RankOneConvergenceCheck.LargeAlpha).Ratio > TF5_RankOneConvergenceCheck.RatioTolerance;
}
