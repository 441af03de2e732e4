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

    [Property(DisplayName = "TF-2: at unbalanced points dσ_r/dt lies between NγP²/(P^(2/N)+ε) and Nγ(P^(2/N)+ε)^(N−1)")]
    public bool UnbalancedComponentNormRateLiesBetweenTheBounds(int seed) =>
        TF2_UnbalancedBoundsCheck.Violation(Instance(seed, balanced: false)) <= 1e-9;

    [Property(DisplayName = "TF-3: a component with two zero vectors stays exactly zero under GD")]
    public bool ComponentWithTwoZeroVectorsStaysZero(int seed) =>
        TF3_ZeroStaysZeroCheck.AfterSteps(Instance(seed, balanced: false), 0, 2) == 0;

    [Property(DisplayName = "TF-6: every matricization rank is at most the number of non-zero components")]
    public bool MatricizationRankIsAtMostNonZeroComponents(int seed, int coin) =>
        TF6_RankBoundCheck.Excess(Instance(seed, balanced: false), coin) == 0;

    [Property(DisplayName = "TF-NN: Σ_r Π_n ⟨w_r^n, x^n⟩ = ⟨𝒲_e, ⊗x^n⟩")]
    public bool NetworkOutputIsInnerProductWithEndTensor(int seed, int inputSeed) =>
        TFNN_NetworkViewCheck.RelativeDeviation(Instance(seed, balanced: false), inputSeed) <= 1e-12;
}
