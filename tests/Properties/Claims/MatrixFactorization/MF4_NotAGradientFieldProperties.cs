using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.MatrixFactorization;

namespace ImplicitReg.Properties.Claims.MatrixFactorization;

/// <summary>MF-4 as FsCheck properties over random full-rank points (depth 2–4, rows and columns 2–4, ℓ = ½‖W − Y‖²).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class MF4_NotAGradientFieldProperties
{
    [Property(DisplayName = "MF-4: depth N ≥ 2: the end-to-end field is not a gradient field when ∇ℓ(0) ≠ 0 (Jacobian not symmetric)")]
    public bool EndToEndFieldHasANonSymmetricJacobianForDepthAtLeastTwo(int seed) =>
        MF4_NotAGradientFieldCheck.FloorOverAntisymmetry(Mf4Instance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed))) <= MF4_NotAGradientFieldCheck.RowTolerance;

    [Property(DisplayName = "MF-4: N = 1 (F = −∇ℓ) has a symmetric Jacobian (control)")]
    public bool DepthOneFieldIsAGradient(int seed, byte rows, byte cols) =>
        MF4_NotAGradientFieldCheck.Antisymmetry(Mf4Instance.Random(1, 2 + rows % 3, 2 + cols % 3, seed & 0xFFFFF)) < MF4_NotAGradientFieldCheck.SymmetricFloor;

    [Property(DisplayName = "MF-4: ∇ℓ(0) = 0 (Y = 0) makes F a gradient field (control)")]
    public bool ZeroTargetFieldIsAGradient(int seed, byte depth, byte rows, byte cols) =>
        MF4_NotAGradientFieldCheck.Antisymmetry(Mf4Instance.Random(2 + depth % 3, 2 + rows % 3, 2 + cols % 3, seed & 0xFFFFF, zeroTarget: true)) < MF4_NotAGradientFieldCheck.SymmetricFloor;

    [Property(DisplayName = "MF-4: a small loop in the most antisymmetric plane has circulation ≈ πr²·curl ≠ 0", MaxTest = 10)]
    public bool SmallLoopCirculationMatchesTheNonZeroCurl(int seed) =>
        MF4_NotAGradientFieldCheck.StokesError(Mf4Instance.Random(new ImplicitReg.Numerics.Random.Gaussian(seed)), 0.005) < 1e-2;
}
