using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.DeepTensorFactorization;

/// <summary>A seeded deep CP completion problem (theory.md DT-1) at an aligned balanced point or a Gaussian point.</summary>
public sealed record DeepCpInstance(DeepCpFactorization Model, Objective Objective, double[] Theta, string Description)
{
    public override string ToString() => Description;

    /// <param name="aligned">The aligned balanced point of DT-1 (else Gaussian, std 0.7).</param>
    /// <param name="equalNorms">Factor norms s_r^(n) equal across modes n (the closed form's assumption); else drawn per mode.</param>
    public static DeepCpInstance Random(int order, int rank, int depth, int extraDim, int seed, bool aligned, bool equalNorms)
    {
        var dims = Enumerable.Range(0, order).Select(n => rank + (n + extraDim) % 3).ToArray();
        var model = new DeepCpFactorization(dims, rank, dims.Select(_ => Enumerable.Repeat(rank, depth - 1).ToArray()).ToArray());
        var g = new Gaussian(seed);
        int m = Math.Max(1, model.EndShape.Size / 2);
        var split = Observations.Sample(model.EndShape, m, seed + 1);
        var y = new double[m];
        g.Fill(y, 1);
        var objective = new Objective(model, new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.Mean));
        double[] theta;
        if (aligned) theta = AlignedBalanced(model, seed + 2, equalNorms);
        else
        {
            theta = new double[model.Layout.Size];
            new Gaussian(seed + 2).Fill(theta, 0.7);
        }
        return new DeepCpInstance(model, objective, theta,
            $"N={order}, R={rank}, L={depth}, dims [{string.Join(",", dims)}], seed {seed}{(aligned ? equalNorms ? ", aligned balanced, equal factor norms" : ", aligned balanced" : ", Gaussian")}");
    }

    public static DeepCpInstance Random(Gaussian g, bool aligned, bool equalNorms, int minDepth = 1) =>
        Random(1 + g.NextInt(4), 1 + g.NextInt(3), minDepth + g.NextInt(4 - minDepth), g.NextInt(3), g.NextInt(1_000_000), aligned, equalNorms);

    /// <summary>
    /// A^(n) = Q^(n) diag(s^(n)) with orthonormal columns Q^(n) (Gram–Schmidt of a Gaussian D_n × R matrix), s_r^(n) ∈ [0.5, 1.5];
    /// W_1 … W_{L−1} = diag(s^(n))^{1/L}, W_L = Q^(n) diag(s^(n))^{1/L} (hidden widths R): every chain is balanced.
    /// (Moved from tests/Properties/Numerics/DeepCpDynamicsProperties.)
    /// </summary>
    public static double[] AlignedBalanced(DeepCpFactorization model, int seed, bool equalNorms)
    {
        var random = new Gaussian(seed);
        int rank = model.Rank, depth = model.Depth;
        var theta = new double[model.Layout.Size];
        var shared = Enumerable.Range(0, rank).Select(_ => 0.5 + random.NextInt(1001) * 1e-3).ToArray();
        for (int n = 0; n < model.Order; n++)
        {
            int d = model.Dims[n];
            var q = new double[d * rank];
            random.Fill(q, 1);
            for (int r = 0; r < rank; r++)
            {
                for (int p = 0; p < r; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += q[i * rank + r] * q[i * rank + p];
                    for (int i = 0; i < d; i++) q[i * rank + r] -= dot * q[i * rank + p];
                }
                double norm = 0;
                for (int i = 0; i < d; i++) norm += q[i * rank + r] * q[i * rank + r];
                for (int i = 0; i < d; i++) q[i * rank + r] /= Math.Sqrt(norm);
            }
            var root = Enumerable.Range(0, rank).Select(r => Math.Pow(equalNorms ? shared[r] : 0.5 + random.NextInt(1001) * 1e-3, 1.0 / depth)).ToArray();
            var chain = model.Chain(n);
            var chainTheta = model.ChainTheta(theta.AsSpan(), n);
            for (int j = 1; j < depth; j++)
            {
                var w = chain.Layer(chainTheta, j);
                for (int r = 0; r < rank; r++) w[r * rank + r] = root[r];
            }
            var last = chain.Layer(chainTheta, depth);
            for (int i = 0; i < d; i++)
                for (int r = 0; r < rank; r++) last[i * rank + r] = q[i * rank + r] * root[r];
        }
        return theta;
    }

    /// <summary>
    /// Per component at θ: (P_r, γ_r, factor norms s_r^(1..N), Ṗ_r along θ̇ = −∇φ by the chain rule — ∂P_r/∂a_r^n = (P_r/s_n²)a_r^n pulled
    /// back through chain n's Backward, dotted with −∇φ of that chain — and a scale L P_r² ‖∇ℒ‖ Σ_n s_n^{−2/L}).
    /// </summary>
    public IEnumerable<(double P, double Gamma, double[] S, double Rate, double Scale)> Components(ReadOnlySpan<double> thetaSpan)
    {
        var theta = thetaSpan.ToArray();
        var m = Model;
        var end = new double[m.EndShape.Size];
        var endGradient = new double[end.Length];
        m.End(theta, end);
        Objective.Loss.ValueAndGradient(end, endGradient);
        var grad = new double[theta.Length];
        m.Backward(theta, endGradient, grad);
        var a = m.FactorVectors(theta).ToArray();
        var gamma = new double[m.Rank];
        ComponentGamma.All(m.Cp, a, endGradient, gamma);
        return ChainRuleRates(m, theta, endGradient, grad).Select((x, r) => (x.P, gamma[r], x.S, x.Rate, x.Scale)).ToList();
    }

    /// <summary>
    /// Per component: (P_r, s_r^(1..N), Ṗ_r along θ̇ = −<paramref name="gradient"/> by the chain rule, scale
    /// L P_r² ‖∇ℒ‖ Σ_n s_n^{−2/L}) — the gradients are given, so a test can pass an independent reference.
    /// </summary>
    public static (double P, double[] S, double Rate, double Scale)[] ChainRuleRates(DeepCpFactorization m, double[] theta, double[] endGradient, double[] gradient)
    {
        var a = m.FactorVectors(theta).ToArray();
        var s = new double[m.Rank * m.Order];
        FactorNorm.All(m.Cp, a, s);
        double gNorm = Math.Sqrt(endGradient.Sum(x => x * x));
        var result = new (double, double[], double, double)[m.Rank];
        for (int r = 0; r < m.Rank; r++)
        {
            var sr = s.AsSpan(r * m.Order, m.Order).ToArray();
            double p = sr.Aggregate(1.0, (x, y) => x * y);
            double rate = 0;
            for (int n = 0; n < m.Order; n++)
            {
                var chain = m.Chain(n);
                var seedGrad = new double[m.Dims[n] * m.Rank];
                var ar = m.Cp.Vector(a, r, n);
                for (int i = 0; i < m.Dims[n]; i++) seedGrad[i * m.Rank + r] = p / (sr[n] * sr[n]) * ar[i];
                var dp = new double[chain.Layout.Size];
                chain.Backward(m.ChainTheta(theta, n), seedGrad, dp);
                var gn = m.ChainTheta(gradient, n);
                for (int k = 0; k < dp.Length; k++) rate -= dp[k] * gn[k];
            }
            result[r] = (p, sr, rate, m.Depth * p * p * gNorm * sr.Sum(x => Math.Pow(x, -2.0 / m.Depth)));
        }
        return result;
    }
}
