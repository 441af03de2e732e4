using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// A target tensor of multilinear rank r: 𝒲* = 𝒞 ×_1 V^(1) ⋯ ×_N V^(N) with core 𝒞 ~ 𝒩(0,1) i.i.d. (r_1×⋯×r_N) and
/// V^(n) ∈ ℝ^{D_n×r_n} with orthonormal columns (thin QR of a Gaussian matrix), divided by its max |entry|
/// (the core is divided too, so 𝒲* = 𝒞 ×_n V^(n) still holds). This is the small-scale variant of theory.md §7.2 (DT-E1 sanity
/// runs); the paper's generator (H24 make_data.py L14–105: Gaussian tensor, max-abs normalization, truncated HOOI to
/// multirank r) does not run as stored (hard-coded sizes, undefined `modes`, `.numpy()` on a NumPy array), so it is not reproduced.
/// </summary>
public sealed record TuckerGroundTruth(TensorShape Shape, int[] MultilinearRank, double[] Tensor, double[] Core, double[][] Factors)
{
    /// <param name="dims">Mode sizes D_n.</param>
    /// <param name="rank">Multilinear rank r_n ≤ D_n.</param>
    /// <param name="seed">Seed of the Gaussian draws (core first, then V^(1) … V^(N)).</param>
    public static TuckerGroundTruth Create(int[] dims, int[] rank, int seed)
    {
        if (dims.Length != rank.Length) throw new ArgumentException($"{dims.Length} mode sizes but {rank.Length} ranks.", nameof(rank));
        for (int n = 0; n < dims.Length; n++)
            if (rank[n] < 1 || rank[n] > dims[n])
                throw new ArgumentException($"Mode {n + 1}: rank {rank[n]} must lie in 1..{dims[n]}.", nameof(rank));
        var tucker = new TuckerFactorization(dims, rank);
        var g = new Gaussian(seed);
        var core = new double[tucker.CoreShape.Size];
        g.Fill(core, 1);
        var block = new double[tucker.FactorsSize];
        var factors = new double[dims.Length][];
        for (int n = 0; n < dims.Length; n++)
        {
            var raw = new double[dims[n] * rank[n]];
            g.Fill(raw, 1);
            var q = Matrix<double>.Build.DenseOfRowMajor(dims[n], rank[n], raw).QR(QRMethod.Thin).Q;
            factors[n] = new double[dims[n] * rank[n]];
            for (int a = 0; a < dims[n]; a++)
                for (int i = 0; i < rank[n]; i++)
                    factors[n][a * rank[n] + i] = q[a, i];
            factors[n].CopyTo(tucker.Factor(block.AsSpan(), n));
        }
        var tensor = new double[tucker.EndShape.Size];
        tucker.End(core, block, tensor);
        double max = tensor.Max(Math.Abs);
        for (int e = 0; e < tensor.Length; e++) tensor[e] /= max;
        for (int e = 0; e < core.Length; e++) core[e] /= max;
        return new TuckerGroundTruth(tucker.EndShape, (int[])rank.Clone(), tensor, core, factors);
    }
}
