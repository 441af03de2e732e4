using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-1 numerically: (1) at balanced points (depths 2–4, square d = 2–5 and rectangular with hidden widths ≥ min),
/// the exact Ẇ_e = Σ_j W_{N:j+1}(−∂φ/∂W_j)W_{j−1:1} against −Σ_j [W_eW_eᵀ]^{(j−1)/N}∇ℓ[W_eᵀW_e]^{(N−j)/N} (symmetric-EVD
/// powers), relative Frobenius error; (2) the GD finite-difference rate (W_e(k+1) − W_e(k))/η along a balanced run
/// against the rule at θ_k, error shrinking at order ≈ 1 over η, η/2, η/4; controls: unbalanced points break the rule.
/// </summary>
public sealed class MF1_EndToEndUpdateRuleCheck : IClaimCheck
{
    public string ClaimId => "MF-1";

    public const double Tolerance = 1e-8;

    /// <summary>‖Ẇ_e − rule‖ / ‖rule‖ at the instance's θ.</summary>
    public static double RelativeError(MfInstance c) => RelativeError(c, c.Theta);

    public static double RelativeError(MfInstance c, ReadOnlySpan<double> theta) =>
        MfEndToEnd.Relative(MfAlgebra.EndVelocity(c, theta), MfEndToEnd.Rule(c, theta));

    /// <summary>max_k ‖(W_e(k+1) − W_e(k))/η − rule(θ_k)‖ / max_k ‖rule(θ_k)‖ along GD with step η up to τ = T.</summary>
    public static double GdRateError(MfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        var end = new double[c.Model.EndShape.Size];
        var next = new double[end.Length];
        c.Model.End(sim.Theta, end);
        var rule = MfEndToEnd.Rule(c, sim.Theta);
        double worst = 0, scale = 1e-300;
        for (long k = 0; k < steps; k++)
        {
            sim.Step();
            c.Model.End(sim.Theta, next);
            double diff = 0, norm = 0;
            for (int i = 0; i < end.Length; i++)
            {
                double e = (next[i] - end[i]) / eta - rule[i];
                diff += e * e;
                norm += rule[i] * rule[i];
            }
            worst = Math.Max(worst, Math.Sqrt(diff));
            scale = Math.Max(scale, Math.Sqrt(norm));
            (end, next) = (next, end);
            rule = MfEndToEnd.Rule(c, sim.Theta);
        }
        return worst / scale;
    }

    /// <summary>n_0 … n_N of the default evidence: square d = 2–5 and rectangular ones with hidden widths ≥ min.</summary>
    public static readonly int[][] Shapes =
    [
        [2, 2, 2], [3, 3, 3, 3], [5, 5, 5, 5, 5], [4, 4, 4],
        [4, 5, 3], [2, 3, 3, 5], [5, 4, 6, 4, 3], [3, 4, 2],
    ];

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var shapes = options.Thorough ? [.. Shapes, [5, 7, 5, 6, 4], [2, 5, 5, 5, 4]] : Shapes;
        for (int i = 0; i < shapes.Length; i++)
        {
            var c = MfInstance.Random(shapes[i], options.Seed + 41 * i, balanced: true);
            rows.Add(new EvidenceRow($"exact Ẇ_e vs end-to-end rule, {c}", RelativeError(c), Tolerance));
        }
        var run = MfInstance.Random([3, 3, 3, 2], options.Seed + 3, balanced: true);
        double eta = 0.01, horizon = 0.3;
        var errors = new[] { eta, eta / 2, eta / 4 }.Select(e => GdRateError(run, e, horizon, options.Runs)).ToArray();
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD rate (W_e(k+1) − W_e(k))/η vs rule along a balanced run, {run}, η = {eta / (1 << i)}, τ ≤ {horizon}", errors[i], 0.02));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = new[] { new[] { 3, 3, 3 }, [3, 3, 3, 3], [2, 4, 4, 3] }.Select((w, i) =>
        {
            var c = MfInstance.Random(w, options.Seed + 43 + i, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), Tolerance);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => MfEndToEnd.RandomRectangular(g, balanced: true), c => RelativeError(c) < Tolerance);
}
