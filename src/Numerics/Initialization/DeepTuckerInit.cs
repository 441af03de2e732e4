using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// The H24 code's initialization of the deep Tucker model (theory.md DT-2.C "consequence for the code's initialization",
/// §7.2; TuckerLayer.py L23–51 `NormRandomNormal`/`ColNormRandomNormal`, L96–99): effective std σ = std_init·d·ln(d+1),
/// d = max(L,1); core 𝒢 ~ 𝒩(0,σ²); every column M^(n)_{:,i} and every chain matrix P^(n)_{i,k} drawn 𝒩(0,σ²) and then
/// rescaled to Frobenius norm s^(n)_i = ‖𝒢^(n)_i‖_F. Hence s_i = ‖P_{i,1}‖_F = ⋯ = ‖P_{i,L−1}‖_F = ‖M_{:,i}‖ at t = 0
/// (norm-balanced, not balanced). Draws fill θ in layout order from one seeded <see cref="Gaussian"/>; the code's
/// TensorFlow draws are not reproduced bit for bit.
/// </summary>
public static class DeepTuckerInit
{
    /// <summary>σ = std_init·d·ln(d+1), d = max(L,1) (TuckerLayer.py L96–99).</summary>
    public static double EffectiveStd(int depth, double stdInit)
    {
        int d = Math.Max(depth, 1);
        return stdInit * d * Math.Log(d + 1);
    }

    public static double[] Create(DeepTuckerFactorization model, double stdInit, int seed)
    {
        var theta = new double[model.Layout.Size];
        Fill(model, theta, stdInit, seed);
        return theta;
    }

    public static void Fill(DeepTuckerFactorization model, Span<double> theta, double stdInit, int seed)
    {
        if (theta.Length != model.Layout.Size) throw new ArgumentException($"θ has {theta.Length} entries; {model.Name} has {model.Layout.Size}.", nameof(theta));
        if (!(stdInit > 0)) throw new ArgumentException($"std_init = {stdInit} must be positive.", nameof(stdInit));
        new Gaussian(seed).Fill(theta, EffectiveStd(model.Depth, stdInit));
        for (int n = 0; n < model.Order; n++)
        {
            var s = CoreSliceNorms.Compute(model.Core(theta), model.CoreShape, n);
            int d = model.Dims[n], r = model.Ranks[n];
            var m = model.M(theta, n);
            for (int i = 0; i < r; i++)
            {
                double norm = 0;
                for (int a = 0; a < d; a++) norm += m[a * r + i] * m[a * r + i];
                double scale = Scale(s[i], Math.Sqrt(norm));
                for (int a = 0; a < d; a++) m[a * r + i] *= scale;
                for (int k = 1; k < model.Depth; k++)
                {
                    var p = model.Chain(theta, n, i, k);
                    double pNorm = 0;
                    foreach (var x in p) pNorm += x * x;
                    scale = Scale(s[i], Math.Sqrt(pNorm));
                    for (int e = 0; e < p.Length; e++) p[e] *= scale;
                }
            }
        }
    }

    private static double Scale(double target, double norm) => norm > 0 ? target / norm : 0;
}
