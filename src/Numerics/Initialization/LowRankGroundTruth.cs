using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>Low-rank target matrices W* = U Vᵀ with Gaussian U (m×r), V (n×r), scaled to a Frobenius norm (ACHL19 §5-style targets).</summary>
public static class LowRankGroundTruth
{
    public static double[] Matrix(int rows, int cols, int rank, int seed, double frobeniusNorm = 1.0)
    {
        if (rank < 1 || rank > Math.Min(rows, cols)) throw new ArgumentOutOfRangeException(nameof(rank), $"Rank {rank} is not in 1…{Math.Min(rows, cols)}.");
        var g = new Gaussian(seed);
        var u = new double[rows * rank];
        var v = new double[cols * rank];
        g.Fill(u, 1);
        g.Fill(v, 1);
        var w = new double[rows * cols];
        LinearAlgebra.Gemm.NT(rows, cols, rank, 1, u, v, 0, w);
        double norm = Math.Sqrt(w.Sum(x => x * x));
        for (int i = 0; i < w.Length; i++) w[i] *= frobeniusNorm / norm;
        return w;
    }
}
