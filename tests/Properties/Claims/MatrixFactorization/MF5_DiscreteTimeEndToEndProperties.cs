using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.MatrixFactorization;

namespace ImplicitReg.Properties.Claims.MatrixFactorization;

/// <summary>MF-5 as FsCheck properties over random balanced (and, for the control, unbalanced) rectangular deep MF instances.</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class MF5_DiscreteTimeEndToEndProperties
{
    private static MfInstance Instance(int seed, bool balanced) => MfEndToEnd.RandomRectangular(new ImplicitReg.Numerics.Random.Gaussian(seed), balanced);

    [Property(DisplayName = "MF-5: balanced GD: W_e(k+1) = W_e(k) + η·F(W_e(k)) + O(η²) (mismatch ≤ 10η·η‖F‖, order ≈ 2)")]
    public bool OneBalancedGdStepMatchesTheEndToEndEulerStepUpToEtaSquared(int seed)
    {
        var c = Instance(seed, balanced: true);
        return MF5_DiscreteTimeEndToEndCheck.RelativeMismatch(c, 1e-3) <= MF5_DiscreteTimeEndToEndCheck.RelativeMismatchPerEta * 1e-3
            && Math.Abs(MF5_DiscreteTimeEndToEndCheck.Order(c, 2e-3) - 2) < 0.2;
    }

    [Property(DisplayName = "MF-5: unbalanced init leaves an O(η) mismatch, order ≈ 1 (control)")]
    public bool UnbalancedGdStepMissesTheEulerStepAtOrderEta(int seed)
    {
        var c = Instance(seed, balanced: false);
        return MF5_DiscreteTimeEndToEndCheck.RelativeMismatch(c, 1e-3) > 1e-2 && Math.Abs(MF5_DiscreteTimeEndToEndCheck.Order(c, 2e-3) - 1) < 0.2;
    }
}
