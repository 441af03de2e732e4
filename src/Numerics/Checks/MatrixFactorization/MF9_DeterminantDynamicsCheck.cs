using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Claim = ImplicitReg.Theory.Claims.MatrixFactorization.MF9_DeterminantDynamics;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-9 numerically: at balanced square points, d/dt det W = det W·tr(W⁻¹Ẇ) (Jacobi; Ẇ exact) against the claim's
/// −N·det·Σ_r σ_r^{1−2/N}⟨∇ℓ, u_rv_rᵀ⟩ compiled; control: unbalanced points break it. Property: det W keeps its
/// sign along balanced small-step GD (N ≥ 2).
/// </summary>
public sealed class MF9_DeterminantDynamicsCheck : IClaimCheck
{
    public string ClaimId => "MF-9";

    private static readonly Func<double[], double> CompiledTerm = Evaluation.Compile(Claim.Term, [Claim.N, Claim.Sigma, Claim.G]);
    private static readonly Func<double[], double> CompiledRate = Evaluation.Compile(Claim.Rate, [Claim.N, Claim.Det, Claim.Sum]);

    /// <summary>|det·tr(W⁻¹Ẇ) − law| / (N|det|Σ_r σ_r^{1−2/N}‖∇ℓ‖) at the instance's θ.</summary>
    public static double RelativeError(MfInstance c)
    {
        int d = c.Rows, n = c.Model.Depth;
        var (end, endGrad, _) = MfAlgebra.EndAndGradient(c, c.Theta);
        var (u, s, v) = MfAlgebra.Svd(c, end);
        var velocity = MfAlgebra.EndVelocity(c, c.Theta);
        var w = MatrixSpectrum.ToMatrix(end, d, d);
        double det = w.Determinant();
        double rate = det * (w.Inverse() * MatrixSpectrum.ToMatrix(velocity, d, d)).Trace();
        double sum = 0, scaleSum = 0, gradNorm = Math.Sqrt(endGrad.Sum(x => x * x));
        for (int r = 0; r < d; r++)
        {
            sum += CompiledTerm([n, s[r], MfAlgebra.Bilinear(endGrad, d, d, u, v, r)]);
            scaleSum += Math.Pow(s[r], 1 - 2.0 / n);
        }
        double law = CompiledRate([n, det, sum]);
        return Math.Abs(rate - law) / (n * Math.Abs(det) * scaleSum * gradNorm + 1e-300);
    }

    /// <summary>True when det W_e has the sign of det W_e(0) at every step of GD with step η up to τ = T.</summary>
    public static bool SignKept(MfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        var end = new double[c.Model.EndShape.Size];
        c.Model.End(c.Theta, end);
        double sign = Math.Sign(MatrixSpectrum.Determinant(end, c.Rows));
        for (long k = 0; k < steps; k++)
        {
            sim.Step();
            c.Model.End(sim.Theta, end);
            if (Math.Sign(MatrixSpectrum.Determinant(end, c.Rows)) != sign) return false;
        }
        return true;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (1, 3), (2, 2), (2, 4), (3, 3), (4, 4), (5, 2) } : new[] { (1, 3), (2, 2), (3, 3), (4, 4) };
        foreach (var (n, d) in sizes)
        {
            var c = MfInstance.Square(n, d, options.Seed + 31 * n + d, balanced: true);
            rows.Add(new EvidenceRow($"instantaneous d/dt det W vs law, {c}", RelativeError(c), 1e-9));
        }
        var controls = new[] { (2, 3), (3, 3) }.Select(x =>
        {
            var c = MfInstance.Square(x.Item1, x.Item2, options.Seed + 37, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(Math.Max(10, options.PropertyCases / 5), options.Seed, g => MfInstance.Random(g, balanced: true),
            c => RelativeError(c) < 1e-9 && SignKept(c, 1e-3, 0.5, options.Runs));
}
