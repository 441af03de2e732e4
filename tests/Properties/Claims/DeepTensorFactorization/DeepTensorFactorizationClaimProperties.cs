using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.DeepTensorFactorization;

namespace ImplicitReg.Properties.Claims.DeepTensorFactorization;

/// <summary>theory.md §7 deep tensor factorization claims as FsCheck properties (deep CP: orders 1–4, ranks 1–3, depths 1–3).</summary>
[Properties(MaxTest = 60, Replay = Seeds.Replay)]
public class DeepTensorFactorizationClaimProperties
{
    private static DeepCpInstance Aligned(int seed, bool equalNorms) =>
        DeepCpInstance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed), aligned: true, equalNorms);

    [Property(DisplayName = "DT-1: at aligned balanced deep-CP points with equal factor norms Ṗ_r = N·L·P_r^(2−2/(NL))·γ_r")]
    public bool ComponentNormMovesAsNLTimesPToTheTwoMinusTwoOverNLTimesGamma(int seed) =>
        DT1_DeepCpAlignedRateCheck.RelativeError(Aligned(seed, equalNorms: true)) <= 1e-9;

    [Property(DisplayName = "DT-1: with unequal factor norms Ṗ_r = L·P_r²·γ_r·Σ_n (s_r^(n))^(−2/L)")]
    public bool ComponentNormMovesAsLPSquaredGammaSumOfFactorNormPowers(int seed) =>
        DT1_DeepCpAlignedRateCheck.RelativeError(Aligned(seed, equalNorms: false), closedForm: false) <= 1e-9;

    [Property(DisplayName = "DT-1b: ṡ = L·γ·s^(N+1−2/L) and q̇ = γ·q^(NL−1) at aligned balanced points")]
    public bool PerFactorAndPerLayerRatesFollowTheirLaws(int seed) =>
        DT1b_PerFactorAndPerLayerRatesCheck.RelativeError(Aligned(seed, equalNorms: true)) <= 1e-9;

    [Property(DisplayName = "DT-2.C: every deep Tucker invariant block has zero gradient-flow rate (L = 1, 2, 3)")]
    public bool DeepTuckerInvariantsHaveZeroRateUnderGradientFlow(int seed, byte depth) =>
        DT2C_DeepTuckerInvariantsCheck.RelativeRate(DeepTuckerInstance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed), 1 + depth % 3)) <= 1e-10;

    [Property(DisplayName = "DT-2.1: at a balanced chain ṡ = γ̃·s^L and Q̇ = (L+1)·γ̃·Q^(2−2/(L+1))")]
    public bool SliceNormAndProductFollowTheirLawsAtBalancedChains(int seed, int pick) =>
        DT21_SliceNormDynamicsCheck.BalancedError(DT21_SliceNormDynamicsCheck.RandomForSlices(new ImplicitReg.Numerics.Random.Gaussian(seed)), pick) <= 1e-8;

    [Property(DisplayName = "DT-2.2: HOSVD core slice norms are the mode-n singular values")]
    public bool HosvdCoreSliceNormsAreModeSingularValues(int seed, byte a, byte b, byte c) =>
        DT22_HosvdCoreSliceNormsCheck.RelativeDeviation(new[] { 1 + a % 4, 1 + b % 4, 1 + c % 4 }.Take(1 + (seed % 3 + 3) % 3).ToArray(), seed) <= 1e-12;

    [Property(DisplayName = "DT-2.C': the code's init has s_i = ‖P_{i,k}‖_F = ‖M_{:,i}‖ for every mode and slice", MaxTest = 30)]
    public bool CodeInitHasEqualSliceChainAndColumnNorms(int seed, byte depth) =>
        CodeInitViolation(DT2CPrime_CodeInitNormEqualitiesCheck.CodeInit([2, 3, 2], 1 + depth % 3, 0.1, seed)) <= 1e-12;

    private static double CodeInitViolation(DeepTuckerInstance c) => DT2CPrime_CodeInitNormEqualitiesCheck.Violation(c.Model, c.Theta);
}
