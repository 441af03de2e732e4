using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.MatrixFactorization;

namespace ImplicitReg.Properties.Claims.MatrixFactorization;

/// <summary>ACH18 / ACHL19 claims as FsCheck properties over random square deep MF instances (depth 2–4, d 2–4, seeds).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class MatrixFactorizationClaimProperties
{
    private static MfInstance Instance(int seed, bool balanced) => MfInstance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced);

    [Property(DisplayName = "MF-C1: W_{j+1}ᵀW_{j+1} − W_jW_jᵀ has zero gradient-flow rate at every point")]
    public bool BalancednessHasZeroRateUnderGradientFlow(int seed) =>
        MFC1_BalancednessConservationCheck.RelativeRate(Instance(seed, balanced: false)) < 1e-12;

    [Property(DisplayName = "MF-C2: one GD step changes C_j by exactly η²(g_{j+1}ᵀg_{j+1} − g_jg_jᵀ)")]
    public bool OneGdStepChangesBalancednessByEtaSquaredGradientGrams(int seed, byte step) =>
        MFC2_OneStepBalancednessDriftCheck.RelativeError(Instance(seed, balanced: false), 0.1 + 0.2 * step / 255.0) < 1e-10;

    [Property(DisplayName = "MF-C2: unequal layer step sizes leave an O(η) change (control)")]
    public bool UnequalLayerStepsBreakTheOneStepIdentity(int seed) =>
        MFC2_OneStepBalancednessDriftCheck.RelativeError(Instance(seed, balanced: false), 0.1, skew: 0.1) > 1e-6;

    [Property(DisplayName = "MF-1: balanced deep MF: Ẇ_e = −Σ_j [W_eW_eᵀ]^((j−1)/N) ∇ℓ [W_eᵀW_e]^((N−j)/N) (square and rectangular)")]
    public bool EndMatrixMovesByTheEndToEndUpdateRuleUnderBalancedInit(int seed) =>
        MF1_EndToEndUpdateRuleCheck.RelativeError(MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: true)) < MF1_EndToEndUpdateRuleCheck.Tolerance;

    [Property(DisplayName = "MF-1: unbalanced init breaks the end-to-end update rule (control)")]
    public bool UnbalancedInitBreaksTheEndToEndUpdateRule(int seed) =>
        MF1_EndToEndUpdateRuleCheck.RelativeError(MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: false)) > 1e-6;

    [Property(DisplayName = "MF-2: P_W = Σ_j (WᵀW)^((N−j)/N) ⊗ (WWᵀ)^((j−1)/N) ⪰ 0 preconditions vec ∇ℓ; eigenvalues Σ_j σ_r^(2(j−1)/N) σ_r'^(2(N−j)/N)")]
    public bool PreconditionerIsPsdGivesTheEndVelocityAndHasThePredictedSpectrum(int seed) =>
        MF2_PreconditionerSpectrumCheck.WorstError(MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: true)) < MF2_PreconditionerSpectrumCheck.Tolerance;

    [Property(DisplayName = "MF-2: the spectrum formula holds for rank-deficient W (zero eigenvalues iff σ_r = σ_r' = 0)", MaxTest = 50)]
    public bool PreconditionerSpectrumHoldsForRankDeficientW(byte rows, byte cols, byte rank, byte depth, int seed)
    {
        int r = 2 + rows % 4, k = 2 + cols % 4, q = 1 + rank % Math.Min(r, k), n = 2 + depth % 3;
        var w = ImplicitReg.Numerics.Initialization.LowRankGroundTruth.Matrix(r, k, q, seed, 2.0);
        return MF2_PreconditionerSpectrumCheck.SpectrumError(w, r, k, n) < MF2_PreconditionerSpectrumCheck.Tolerance
            && MF2_PreconditionerSpectrumCheck.PsdError(w, r, k, n) < MF2_PreconditionerSpectrumCheck.Tolerance;
    }

    [Property(DisplayName = "MF-2: unbalanced init breaks vec(Ẇ_e) = −P_W vec(∇ℓ) (control)")]
    public bool UnbalancedInitBreaksThePreconditionedForm(int seed) =>
        MF2_PreconditionerSpectrumCheck.ActionError(MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: false)) > 1e-6;

    [Property(DisplayName = "MF-11: balanced layers have singular values σ_r(W_e)^(1/N) and equal Frobenius norms (square and rectangular)")]
    public bool BalancedLayersHaveSingularValuesSigmaToTheOneOverNAndEqualFrobeniusNorms(int seed) =>
        MF11_BalancedFactorsStructureCheck.StructureError(MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: true)) < MF11_BalancedFactorsStructureCheck.Tolerance;

    [Property(DisplayName = "MF-11: along balanced GD the deviation from the balanced structure is O(η) (halving η halves it)", MaxTest = 10)]
    public bool BalancedStructureDriftsAtOrderEtaAlongGd(int seed)
    {
        var c = Instance(seed, balanced: true);
        double ratio = MF11_BalancedFactorsStructureCheck.GdDeviation(c, 1e-3, 0.1) / MF11_BalancedFactorsStructureCheck.GdDeviation(c, 2e-3, 0.1);
        return ratio is > 0.4 and < 0.6; // halving η halves the drift
    }

    [Property(DisplayName = "MF-11: unbalanced init breaks the balanced structure (control)")]
    public bool UnbalancedInitBreaksTheBalancedStructure(int seed) =>
        MF11_BalancedFactorsStructureCheck.StructureError(MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: false)) > 1e-6;

    [Property(DisplayName = "MF-6: singular values move as −N·σ^(2−2/N)·⟨∇ℓ, u_rv_rᵀ⟩ under balanced init")]
    public bool SingularValuesMoveAsNTimesSigmaToTheTwoMinusTwoOverNUnderBalancedInit(int seed) =>
        MF6_SingularValueDynamicsCheck.RelativeError(Instance(seed, balanced: true)) < 1e-9;

    [Property(DisplayName = "MF-3: a single output moves as −‖w‖^(2−2/N)(∇ℓ + (N−1)Pr_w ∇ℓ) under balanced init")]
    public bool SingleOutputMovesAlongThePreconditionedGradientUnderBalancedInit(int seed) =>
        MF3_SingleOutputDynamicsCheck.RelativeError(MF3_SingleOutputDynamicsCheck.Instance(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: true)) < 1e-10;

    [Property(DisplayName = "MF-7: singular vectors rotate with couplings (σ_rG̃_{r'r} + σ_r'G̃_{rr'})/(σ_r^(2/N) − σ_r'^(2/N)) under balanced init", MaxTest = 50)]
    public bool SingularVectorsRotateWithSigmaToTheTwoOverNGapsUnderBalancedInit(int seed) =>
        MF7_SingularVectorDynamicsCheck.RelativeError(MF7_SingularVectorDynamicsCheck.Instance(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: true)) < MF7_SingularVectorDynamicsCheck.Tolerance;

    [Property(DisplayName = "MF-7: unbalanced init breaks the singular-vector law (control)", MaxTest = 50)]
    public bool UnbalancedInitBreaksTheSingularVectorLaw(int seed) =>
        MF7_SingularVectorDynamicsCheck.RelativeError(MF7_SingularVectorDynamicsCheck.Instance(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced: false)) > 1e-4;

    [Property(DisplayName = "MF-8: gradient flow of σ̇ = N·c·σ^(2−2/N) follows the closed forms (linear, exponential, blow-up)", MaxTest = 20)]
    public bool ScalarLawFollowsItsClosedForms(byte depth, byte scale, byte pull) =>
        MF8_ScalarLawClosedFormsCheck.RelativeError(1 + depth % 6, Math.Pow(10, -3 * scale / 255.0), 0.2 + 2 * pull / 255.0) < 1e-8;

    [Property(DisplayName = "MF-9: det W moves as −N·det W·Σ σ_r^(1−2/N)⟨∇ℓ, u_rv_rᵀ⟩ under balanced init")]
    public bool DeterminantMovesAsMinusNDetTimesTheWeightedPullUnderBalancedInit(int seed) =>
        MF9_DeterminantDynamicsCheck.RelativeError(Instance(seed, balanced: true)) < 1e-9;

    [Property(DisplayName = "MF-9: det W keeps its sign along balanced small-step GD", MaxTest = 20)]
    public bool DeterminantKeepsItsSignAlongBalancedSmallStepGd(int seed) =>
        MF9_DeterminantDynamicsCheck.SignKept(Instance(seed, balanced: true), 1e-3, 0.5);
}
