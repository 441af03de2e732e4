using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Claim = ImplicitReg.Theory.Claims.MatrixFactorization.MF6_SingularValueDynamics;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-6 numerically: the claim's right-hand side −N σ^{2−2/N} g, compiled, against (1) the instantaneous rate
/// σ̇_r = u_rᵀẆ_e v_r with Ẇ_e = Σ_j W_{N:j+1}(−∂φ/∂W_j)W_{j−1:1} (exact) at balanced points; (2) the GD
/// finite-difference rate (σ_r(k+1) − σ_r(k))/η along balanced runs, error shrinking at order ≈ 1 over η, η/2, η/4;
/// control: at unbalanced points the law fails.
/// </summary>
public sealed class MF6_SingularValueDynamicsCheck : IClaimCheck
{
    public string ClaimId => "MF-6";

    private static readonly Func<double[], double> CompiledRate = Evaluation.Compile(Claim.Rate, [Claim.N, Claim.Sigma, Claim.G]);

    /// <summary>The law at θ: (σ_r, −N σ_r^{2−2/N}⟨∇ℓ, u_rv_rᵀ⟩) for r = 1…min(rows, cols).</summary>
    public static (double[] Sigma, double[] Law, double Scale) Law(MfInstance c, ReadOnlySpan<double> theta)
    {
        var (end, endGrad, _) = MfAlgebra.EndAndGradient(c, theta);
        var (u, s, v) = MfAlgebra.Svd(c, end);
        int k = Math.Min(c.Rows, c.Cols), n = c.Model.Depth;
        var law = new double[k];
        double gradNorm = Math.Sqrt(endGrad.Sum(x => x * x)), scale = 1e-300;
        for (int r = 0; r < k; r++)
        {
            law[r] = CompiledRate([n, s[r], MfAlgebra.Bilinear(endGrad, c.Rows, c.Cols, u, v, r)]);
            scale = Math.Max(scale, n * Math.Pow(s[r], 2 - 2.0 / n) * gradNorm);
        }
        return (s.Take(k).ToArray(), law, scale);
    }

    /// <summary>max_r |u_rᵀẆ_e v_r − law_r| / max_r N σ_r^{2−2/N}‖∇ℓ‖ at θ.</summary>
    public static double RelativeError(MfInstance c) => RelativeError(c, c.Theta);

    public static double RelativeError(MfInstance c, ReadOnlySpan<double> theta)
    {
        var (end, _, _) = MfAlgebra.EndAndGradient(c, theta);
        var (u, _, v) = MfAlgebra.Svd(c, end);
        var velocity = MfAlgebra.EndVelocity(c, theta);
        var (_, law, scale) = Law(c, theta);
        double worst = 0;
        for (int r = 0; r < law.Length; r++)
            worst = Math.Max(worst, Math.Abs(MfAlgebra.Bilinear(velocity, c.Rows, c.Cols, u, v, r) - law[r]));
        return worst / scale;
    }

    /// <summary>max over steps of |(σ(k+1) − σ(k))/η − law(θ_k)| / max |law| along a GD run up to τ = T.</summary>
    public static double GdRateError(MfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        double worst = 0, scale = 1e-300;
        var (sigma, law, _) = Law(c, sim.Theta);
        for (long k = 0; k < steps; k++)
        {
            sim.Step();
            var (next, nextLaw, _) = Law(c, sim.Theta);
            for (int r = 0; r < law.Length; r++)
            {
                worst = Math.Max(worst, Math.Abs((next[r] - sigma[r]) / eta - law[r]));
                scale = Math.Max(scale, Math.Abs(law[r]));
            }
            (sigma, law) = (next, nextLaw);
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (1, 3), (2, 3), (3, 4), (4, 3), (5, 2) } : new[] { (1, 3), (2, 3), (3, 4), (4, 2) };
        foreach (var (n, d) in sizes)
        {
            var c = MfInstance.Square(n, d, options.Seed + 10 * n, balanced: true);
            rows.Add(new EvidenceRow($"instantaneous σ̇ vs law, {c}", RelativeError(c), 1e-9));
        }
        var rect = MfInstance.Random([4, 4, 4, 3], options.Seed + 11, balanced: true);
        rows.Add(new EvidenceRow($"instantaneous σ̇ vs law, {rect}", RelativeError(rect), 1e-9));
        var run = MfInstance.Square(3, 3, options.Seed, balanced: true);
        double eta = 0.01, horizon = 0.5;
        var errors = new[] { eta, eta / 2, eta / 4 }.Select(e => GdRateError(run, e, horizon, options.Runs)).ToArray();
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD rate vs law along a balanced run, η = {eta / (1 << i)}, τ ≤ {horizon}", errors[i], 0.05));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = new[] { (2, 3), (3, 3) }.Select(s =>
        {
            var c = MfInstance.Square(s.Item1, s.Item2, options.Seed + 7, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => MfInstance.Random(g, balanced: true), c => RelativeError(c) < 1e-9);
}
