using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.MatrixFactorization;

namespace ImplicitReg.Properties.Claims.MatrixFactorization;

/// <summary>MF-10 as FsCheck properties over random diagonal sensing problems (d ∈ {3, 4}, m = d − 1, unique LP optimum).</summary>
[Properties(MaxTest = 20, Replay = Seeds.Replay)]
public class MF10_CommutingSensingNuclearNormProperties
{
    [Property(DisplayName = "MF-10: commuting sensing, init α^(1/N)I: the GD limit approaches the min-nuclear-norm (LP) solution as α → 0 (N = 2, 3)")]
    public bool GdLimitApproachesTheMinNuclearNormSolutionAsInitShrinks(int seed) =>
        MF10_CommutingSensingNuclearNormCheck.GapShrinks(Mf10Case.Draw(seed & 0xFFFFF));

    [Property(DisplayName = "MF-10: large init α = 1 stays away from the min-nuclear-norm solution on the default instances (control)", MaxTest = 1)]
    public bool LargeInitMissesTheMinNuclearNormSolution() =>
        new[] { Mf10Instance.Random(3, 20261125), Mf10Instance.Random(4, 20261126) }
            .All(c => MF10_CommutingSensingNuclearNormCheck.Gap(c, 2, 1.0).Distance > MF10_CommutingSensingNuclearNormCheck.SmallInitTolerance);
}
