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
}
