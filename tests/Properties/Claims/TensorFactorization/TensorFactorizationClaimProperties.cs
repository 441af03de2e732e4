using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.TensorFactorization;

namespace ImplicitReg.Properties.Claims.TensorFactorization;

/// <summary>RMC21's claims as FsCheck properties over random CP instances (orders 2–4, dims 2–4, ranks 1–4, seeds).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class TensorFactorizationClaimProperties
{
    private static CpInstance Instance(int seed, bool balanced) => CpInstance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced);

    [Property(DisplayName = "TF-1: component norm grows as N·‖⊗w_r‖^(2−2/N)·γ_r under balanced init")]
    public bool ComponentNormGrowsAsNTimesNormToTheTwoMinusTwoOverNTimesGammaUnderBalancedInit(int seed) =>
        TF1_ComponentNormDynamicsCheck.RelativeError(Instance(seed, balanced: true)) < 1e-9;

    [Property(DisplayName = "TF-C1: ‖w_r^n‖² − ‖w_r^n'‖² has zero gradient-flow rate at every point")]
    public bool SquaredFactorNormDifferencesHaveZeroRateUnderGradientFlow(int seed) =>
        TFC1_ConservationCheck.RelativeRate(Instance(seed, balanced: false)) < 1e-12;

    [Property(DisplayName = "TF-C2: one GD step moves ‖w_r^n‖² − ‖w_r^n'‖² by exactly η²(‖g_r^n‖² − ‖g_r^n'‖²)")]
    public bool OneGradientStepMovesSquaredFactorNormDifferencesByEtaSquaredGradientGap(int seed, byte etaPercent) =>
        TFC2_OneStepIdentityCheck.GdStepDeviation(Instance(seed, balanced: false), 0.001 + etaPercent / 500.0) < 1e-12;

    [Property(DisplayName = "TF-C2: the identity holds for GroupRMSprop's scalar step η_k", MaxTest = 20)]
    public bool OneGroupRmsPropStepMovesSquaredFactorNormDifferencesByEtaKSquaredGradientGap(int seed) =>
        TFC2_OneStepIdentityCheck.GroupRmsPropDeviation(Instance(seed, balanced: false), 0.01, 5) < 1e-12;
}
