using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-11 numerically: (1) at balanced points (depths 2–4, square and rectangular, over-wide hidden layers) every
/// layer's singular values equal σ_r(W_e)^{1/N} zero-padded and ‖W_j‖_F² = Σ_r σ_r(W_e)^{2/N}; (2) along balanced GD
/// the deviation from this structure drifts O(η) over a fixed horizon (balancedness drifts by η² per step, MF-C2) —
/// observed order ≈ 1 over η, η/2, η/4; controls: unbalanced points break the structure.
/// </summary>
public sealed class MF11_BalancedFactorsStructureCheck : IClaimCheck
{
    public string ClaimId => "MF-11";

    public const double Tolerance = 1e-10;

    /// <summary>
    /// max over layers j of max_r |σ_r(W_j) − σ̃_r| / σ̃_max (σ̃ = σ(W_e)^{1/N} zero-padded to min(n_j, n_{j−1})) and
    /// |‖W_j‖_F² − Σ_r σ_r(W_e)^{2/N}| / Σ_r σ_r(W_e)^{2/N}.
    /// </summary>
    public static double StructureError(DeepMatrixFactorization model, ReadOnlySpan<double> theta)
    {
        int n = model.Depth, rows = model.Widths[n], cols = model.Widths[0];
        var end = new double[rows * cols];
        model.End(theta, end);
        var root = MatrixSpectrum.SingularValues(end, rows, cols).Select(s => Math.Pow(s, 1.0 / n)).ToArray();
        double rootMax = Math.Max(root.Length == 0 ? 0 : root.Max(), 1e-300), squares = Math.Max(root.Sum(x => x * x), 1e-300);
        double worst = 0;
        for (int j = 1; j <= n; j++)
        {
            var layer = model.Layer(theta, j);
            var sj = MatrixSpectrum.SingularValues(layer, model.Widths[j], model.Widths[j - 1]);
            for (int r = 0; r < sj.Length; r++)
                worst = Math.Max(worst, Math.Abs(sj[r] - (r < root.Length ? root[r] : 0)) / rootMax);
            double norm = 0;
            foreach (var x in layer) norm += x * x;
            worst = Math.Max(worst, Math.Abs(norm - squares) / squares);
        }
        return worst;
    }

    public static double StructureError(MfInstance c) => StructureError(c.Model, c.Theta);

    /// <summary>max over the GD steps (step η, up to τ = T) of <see cref="StructureError(DeepMatrixFactorization, ReadOnlySpan{double})"/>.</summary>
    public static double GdDeviation(MfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        double worst = StructureError(c.Model, sim.Theta);
        for (long k = 0; k < steps; k++)
        {
            sim.Step();
            worst = Math.Max(worst, StructureError(c.Model, sim.Theta));
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        int[][] shapes = options.Thorough ? [.. MF1_EndToEndUpdateRuleCheck.Shapes, [5, 7, 5, 6, 4], [4, 6, 6, 6, 6, 3]] : MF1_EndToEndUpdateRuleCheck.Shapes;
        for (int i = 0; i < shapes.Length; i++)
        {
            var c = MfInstance.Random(shapes[i], options.Seed + 67 * i, balanced: true);
            rows.Add(new EvidenceRow($"layer singular values σ(W_e)^(1/N) and ‖W_j‖² = Σσ^(2/N), {c}", StructureError(c), Tolerance));
        }
        var run = MfInstance.Random([3, 4, 4, 2], options.Seed + 5, balanced: true);
        double eta = 0.02, horizon = 0.5;
        var drifts = new[] { eta, eta / 2, eta / 4 }.Select(e => GdDeviation(run, e, horizon, options.Runs)).ToArray();
        for (int i = 0; i < 3; i++)
        {
            double step = eta / (1 << i);
            rows.Add(new EvidenceRow($"GD deviation from the balanced structure, max over τ ≤ {horizon}, η = {step} (O(η), bounded by η here), {run}", drifts[i], step,
                $"deviation {drifts[i]:0.000e+0}"));
        }
        double order = Math.Log2(drifts[1] / drifts[2]);
        var controls = new[] { new[] { 3, 3, 3 }, [3, 3, 3, 3], [2, 4, 4, 3] }.Select((w, i) =>
        {
            var c = MfInstance.Random(w, options.Seed + 71 + i, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", StructureError(c), Tolerance);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => MfEndToEnd.RandomRectangular(g, balanced: true), c => StructureError(c) < Tolerance);
}
