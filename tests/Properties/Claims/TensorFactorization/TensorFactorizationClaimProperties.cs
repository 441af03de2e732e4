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
}
