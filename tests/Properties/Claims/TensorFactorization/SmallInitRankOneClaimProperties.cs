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

    [Property(DisplayName = "TF-5 control: large init (α = 0.5) converges to an interpolant that is not rank one")]
    public bool LargeInitDoesNotConvergeToRankOne(int seed) =>
        TF5_RankOneConvergenceCheck.Final(seed, TF5_RankOneConvergenceCheck.LargeAlpha).Ratio > TF5_RankOneConvergenceCheck.RatioTolerance;

    [Property(DisplayName = "TF-4: from α = 1e-3 the early trajectory (escape until the loss halves) stays within σ₂/σ₁ < 1e-2 of rank one, below α = 0.1's")]
    public bool SmallInitFollowsARankOneTrajectoryEarly(int seed)
    {
        var small = TF4_RankOneTrajectoryCheck.EarlyWindow(seed, 1e-3);
        var mid = TF4_RankOneTrajectoryCheck.EarlyWindow(seed, 1e-1);
        return small.Halved && small.MaxRatio < TF4_RankOneTrajectoryCheck.RatioTolerance && small.MaxRatio < mid.MaxRatio;
    }

    [Property(DisplayName = "TF-4 control: large init (α = 0.5) is far from rank one over the same window")]
    public bool LargeInitIsNotRankOneEarly(int seed) =>
        TF4_RankOneTrajectoryCheck.EarlyWindow(seed, TF4_RankOneTrajectoryCheck.LargeAlpha).MaxRatio > TF4_RankOneTrajectoryCheck.RatioTolerance;
}
