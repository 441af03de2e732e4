using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// Seeded Gaussian initialization in the RMC21/RMC22 `init_std` convention: every entry of θ i.i.d.
/// 𝒩(mean, std²) (theory.md §1 "init scale"; TF-E1 uses mean 0, §8.1 C; TF-E3 mean 1, std 1e-3, §8.1 H).
/// Draws follow θ's layout order from <see cref="Gaussian"/>(seed).
/// </summary>
public static class GaussianInit
{
    public static double[] Sample(IFactorization model, double std, int seed, double mean = 0)
    {
        var theta = new double[model.Layout.Size];
        Fill(theta, std, seed, mean);
        return theta;
    }

    public static void Fill(Span<double> theta, double std, int seed, double mean = 0)
    {
        if (!(std >= 0) || !double.IsFinite(std)) throw new ArgumentOutOfRangeException(nameof(std), $"The standard deviation must be finite and ≥ 0, got {std}.");
        new Gaussian(seed).Fill(theta, std, mean);
    }
}
