using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// Ground-truth tensors for the completion experiments (theory.md §8.1 C, TF-E1):
/// 𝒲* = c · Σ_{r ≤ rank} g_r^1 ⊗ ⋯ ⊗ g_r^N, g_r^n ~ 𝒩(0, I_{D_n}), c such that ‖𝒲*‖_F = frobeniusNorm.
/// </summary>
public static class GroundTruth
{
    /// <summary>Dense, C order. The g_r^n are drawn from <see cref="Gaussian"/>(seed) in the θ order of <see cref="CpFactorization"/> (mode 1's rows g_1^1 … g_rank^1 first).</summary>
    public static double[] CpTensor(int[] dims, int rank, int seed, double frobeniusNorm = 1)
    {
        if (!(frobeniusNorm >= 0) || !double.IsFinite(frobeniusNorm)) throw new ArgumentOutOfRangeException(nameof(frobeniusNorm), $"The norm must be finite and ≥ 0, got {frobeniusNorm}.");
        var cp = new CpFactorization(dims, rank);
        var factors = GaussianInit.Sample(cp, 1, seed);
        var tensor = new double[cp.EndShape.Size];
        cp.End(factors, tensor);
        double norm = TensorPrimitives.Norm(tensor);
        if (norm == 0) throw new InvalidOperationException($"The sampled CP tensor {cp.Name} (seed {seed}) is zero and cannot be normalized.");
        TensorPrimitives.Multiply(tensor, frobeniusNorm / norm, tensor);
        return tensor;
    }
}
