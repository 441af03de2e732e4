using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-C1 numerically (theory.md MF-C1 (b), §1 "GD-vs-GF tolerance law"): (1) at random unbalanced points the
/// gradient-flow rate of C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ, with the analytic gradient, vanishes relative to its two
/// halves; (2) under GD over a fixed horizon T the drift of C_j shrinks as η — observed order ≈ 1.
/// </summary>
public sealed class MFC1_BalancednessConservationCheck : IClaimCheck
{
    public string ClaimId => "MF-C1";

    /// <summary>max_j max |Ċ_j| / max_j max |d/dt(W_{j+1}ᵀW_{j+1})| under Ẇ_j = −∂φ/∂W_j at θ.</summary>
    public static double RelativeRate(MfInstance c) => RelativeRate(c, c.Theta);

    public static double RelativeRate(MfInstance c, ReadOnlySpan<double> theta)
    {
        var m = c.Model;
        var w = m.Widths;
        var grad = MfAlgebra.Gradient(c, theta);
        double worst = 0, scale = 1e-300;
        for (int j = 1; j < m.Depth; j++)
        {
            int nj = w[j];
            // d/dt(W_{j+1}ᵀW_{j+1}) = −(g_{j+1}ᵀW_{j+1} + W_{j+1}ᵀg_{j+1}); d/dt(W_jW_jᵀ) = −(g_jW_jᵀ + W_jg_jᵀ).
            var a = MfAlgebra.Mul(MfAlgebra.Transpose(m.Layer((ReadOnlySpan<double>)grad, j + 1), w[j + 1], nj), nj, w[j + 1], m.Layer(theta, j + 1), nj);
            var b = MfAlgebra.Mul(m.Layer((ReadOnlySpan<double>)grad, j), nj, w[j - 1], MfAlgebra.Transpose(m.Layer(theta, j), nj, w[j - 1]), nj);
            for (int r = 0; r < nj; r++)
                for (int s = 0; s < nj; s++)
                {
                    double next = -(a[r * nj + s] + a[s * nj + r]);
                    double current = -(b[r * nj + s] + b[s * nj + r]);
                    worst = Math.Max(worst, Math.Abs(next - current));
                    scale = Math.Max(scale, Math.Abs(next));
                }
        }
        return worst / scale;
    }

    /// <summary>max_j ‖C_j(T) − C_j(0)‖_max under GD with step η up to time T.</summary>
    public static double GdDrift(MfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var theta = runs.End(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        double worst = 0;
        for (int j = 1; j < c.Model.Depth; j++)
        {
            int nj = c.Model.Widths[j];
            var before = new double[nj * nj];
            var after = new double[nj * nj];
            BalancednessResidual.Compute(c.Model, c.Theta, j, before);
            BalancednessResidual.Compute(c.Model, theta, j, after);
            for (int i = 0; i < before.Length; i++) worst = Math.Max(worst, Math.Abs(after[i] - before[i]));
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (2, 2), (3, 3), (4, 4), (5, 3) } : new[] { (2, 2), (3, 3), (4, 3) };
        foreach (var (n, d) in sizes)
        {
            var c = MfInstance.Square(n, d, options.Seed + n, balanced: false);
            rows.Add(new EvidenceRow($"GF rate of C_j, {c}", RelativeRate(c), 1e-12));
        }
        var rect = MfInstance.Random([3, 5, 4, 2], options.Seed + 9, balanced: false);
        rows.Add(new EvidenceRow($"GF rate of C_j, {rect}", RelativeRate(rect), 1e-12));
        var inst = MfInstance.Square(3, 3, options.Seed, balanced: false);
        double eta = 0.02, horizon = 1;
        var drifts = new[] { eta, eta / 2, eta / 4 }.Select(e => GdDrift(inst, e, horizon, options.Runs)).ToArray();
        double order = Math.Log2(drifts[1] / drifts[2]);
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD drift of C_j at η = {eta / (1 << i)} over τ = {horizon} (≈ c·η, not a GF error)", 0, 0, $"drift {drifts[i]:0.000e+0}"));
        return new NumericEvidence(rows, order, (0.8, 1.2));
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => MfInstance.Random(g, balanced: false), c => RelativeRate(c) < 1e-12);
}
