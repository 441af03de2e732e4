using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Numerics.Experiments.MatrixFactorization;

/// <summary>
/// ACHL19's synthetic completion problem (theory.md §3.2; deep_matrix_factorization gen_gt.py, gen_obs.py, main.py):
/// an n×n ground truth W* = UVᵀ/√r, U, V ~ 𝒩(0, 1)^{n×r}, rescaled to ‖W*‖_F = n (entry RMS 1; the 1/√r vanishes in the
/// rescaling, so it is <see cref="LowRankMatrixTarget"/> with norm n), m entries observed uniformly without replacement,
/// a depth-N factorization with every width n, and the train loss = mean over the observations of the squared residual.
/// Seeds: W* from <c>seed</c>, the observed entries from seed + 1 (a prefix of one random permutation, so a smaller
/// observed set lies inside a larger one), Gaussian layers from seed + 2.
/// </summary>
public static class Achl19Completion
{
    public static SimulationSpec Spec(int size, int rank, int observed, int depth, InitSpec init, OptimizerSpec optimizer, RunSpec run,
        IReadOnlyList<string> record, int seed)
    {
        if (size < 2) throw new ArgumentOutOfRangeException(nameof(size), size, "ACHL19 completion needs an n×n matrix with n ≥ 2.");
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth N must be at least 1.");
        return new SimulationSpec(
            new DeepMatrixSpec(Enumerable.Repeat(size, depth + 1).ToArray()),
            new LowRankMatrixTarget(rank, seed, size),
            new MeasurementSpec(MeasurementKind.Completion, observed, seed + 1, LossNormalization.Mean),
            init, optimizer, run, record);
    }

    /// <summary>ACHL19's "gaussian" init: layer entries 𝒩(0, (init_scale^{1/N}·n^{−1/2})²), so W_e(0) has entry magnitude ≈ init_scale.</summary>
    public static InitSpec GaussianInit(double initScale, int seed) =>
        new GaussianInitSpec(initScale, Initialization.InitScaleConvention.Achl19ProductScale, seed + 2, Balanced: false);
}
