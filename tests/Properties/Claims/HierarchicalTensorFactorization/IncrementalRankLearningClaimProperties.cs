using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

namespace ImplicitReg.Properties.Claims.HierarchicalTensorFactorization;

/// <summary>HTF-6 as FsCheck properties: GD runs of an order-4 HTF on hierarchical-rank-2 targets (few cases).</summary>
[Properties(MaxTest = 3, Replay = Seeds.Replay)]
public class IncrementalRankLearningClaimProperties
{
    [Property(DisplayName = "HTF-6: from small balanced init the significant singular values of ⟦𝒲_H⟧_ν appear one at a time and end at the hierarchical rank 2")]
    public bool HierarchicalRankIsLearnedOneAtATime(int seed) =>
        HTF6_IncrementalRankLearningCheck.Run(HTF6_IncrementalRankLearningCheck.Create(HTF6_IncrementalRankLearningCheck.SmallScales[0], seed)).Holds;

    [Property(DisplayName = "HTF-6 control: from large init (a = 1) a singular value is significant from the start (no staircase)")]
    public bool LargeInitHasNoStaircase(int seed) =>
        !HTF6_IncrementalRankLearningCheck.Run(HTF6_IncrementalRankLearningCheck.Create(HTF6_IncrementalRankLearningCheck.LargeScale, seed)).Holds;
}
