using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

namespace ImplicitReg.Properties.Claims.HierarchicalTensorFactorization;

/// <summary>RMC22's claims as FsCheck properties over random HTF instances (orders 2–5, checkerboard/balanced/random nested trees, D 1–3, widths 1–3).</summary>
[Properties(MaxTest = 60, Replay = Seeds.Replay)]
public class HierarchicalTensorFactorizationClaimProperties
{
    private static HtfInstance Instance(int seed, bool balanced) => HtfInstance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced);

    [Property(DisplayName = "HTF-C1: squared-norm differences within each local component have zero gradient-flow rate")]
    public bool LocalComponentSquaredNormDifferencesHaveZeroRateUnderGradientFlow(int seed) =>
        HTFC1_ConservationCheck.RelativeRate(Instance(seed, balanced: false)) < 1e-12;

    [Property(DisplayName = "HTF-C2: one GD step moves ‖a‖² − ‖b‖² by exactly η²(‖g_a‖² − ‖g_b‖²)")]
    public bool OneGradientStepMovesLocalComponentDifferencesByEtaSquaredGradientGap(int seed, byte etaPercent) =>
        HTFC2_OneStepIdentityCheck.GdStepDeviation(Instance(seed, balanced: false), 0.001 + etaPercent / 500.0) < 1e-12;

    [Property(DisplayName = "HTF-C2: the identity holds for GroupRMSprop's scalar step η_k", MaxTest = 20)]
    public bool OneGroupRmsPropStepMovesLocalComponentDifferencesByEtaKSquaredGradientGap(int seed) =>
        HTFC2_OneStepIdentityCheck.GroupRmsPropDeviation(Instance(seed, balanced: false), 0.01, 5) < 1e-12;

    [Property(DisplayName = "HTF-1: local component norm moves as K·σ^(2−2/K)·⟨−∇ℒ, Δ⟩ at balanced points")]
    public bool LocalComponentNormMovesAsKTimesSigmaToTheTwoMinusTwoOverKTimesGammaWhenBalanced(int seed) =>
        HTF1_LocalComponentNormDynamicsCheck.RelativeError(Instance(seed, balanced: true)) < 1e-9;

    [Property(DisplayName = "HTF-1 control: at generic unbalanced points the balanced law fails for some local component")]
    public bool BalancedLawFailsAtUnbalancedPoints(int seed) =>
        HTF1_LocalComponentNormDynamicsCheck.RelativeError(Instance(seed, balanced: false)) > 1e-6;

    [Property(DisplayName = "HTF-3: 𝒲_H = Σ_r σ_H^(ν,r) Δ^(ν,r) at every interior node")]
    public bool EndTensorIsSumOfScaledLocalComponentTensors(int seed) =>
        HTF3_DecompositionCheck.RelativeDeviation(Instance(seed, balanced: false)) <= 1e-12;

    [Property(DisplayName = "HTF-4: rank ⟦𝒲_H⟧_ν ≤ #non-zero local components at every interior non-root ν")]
    public bool MatricizationRankIsAtMostNonZeroLocalComponents(int seed, int zeroSeed) =>
        HTF4_RankBoundCheck.Excess(Instance(seed, balanced: false), zeroSeed) == 0;

    [Property(DisplayName = "HTF-5: a zero local component stays exactly zero under GD (balanced)")]
    public bool ZeroLocalComponentStaysZero(int seed, int pickSeed) =>
        HTF5_ZeroStaysZeroCheck.Random(Instance(seed, balanced: true), pickSeed) == 0;

    [Property(DisplayName = "HTF-2: at unbalanced points dσ_H/dt lies between KγP²/(P^(2/K)+ε) and Kγ(P^(2/K)+ε)^(K−1)")]
    public bool UnbalancedLocalComponentNormRateLiesBetweenTheBounds(int seed) =>
        HTF2_UnbalancedBoundsCheck.Violation(Instance(seed, balanced: false)) <= 1e-9;

    [Property(DisplayName = "HTF-7: a separable f has patch gradients with |cos| = 1 when only the rest of the input changes")]
    public bool SeparableFunctionPatchGradientsAreParallel(int seed, byte dim) =>
        HTF7_SeparableGradientDirectionCheck.OneMinusAbsCos(1 + dim % 4, seed, separable: true) <= 1e-12;
}
