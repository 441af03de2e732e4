using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Quantities;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-2 numerically: P_W built from symmetric-EVD powers (column-major vec) at balanced points (depths 2–4, square and
/// rectangular) — (1) PSD: symmetric and λ_min(P_W) ≥ 0 up to rounding; (2) vec(Ẇ_e) (exact) = −P_W vec(∇ℓ);
/// (3) sorted eigenvalues of P_W = sorted Σ_j σ_r^{2(j−1)/N}σ_{r'}^{2(N−j)/N} (σ zero-padded), also for rank-deficient W
/// (zero eigenvalues exactly when σ_r = σ_{r'} = 0). Controls: unbalanced points break (2).
/// </summary>
public sealed class MF2_PreconditionerSpectrumCheck : IClaimCheck
{
    public string ClaimId => "MF-2";

    public const double Tolerance = 1e-8;

    /// <summary>‖P_W − P_Wᵀ‖/‖P_W‖ + max(0, −λ_min)/λ_max for W (rows × cols, row-major).</summary>
    public static double PsdError(ReadOnlySpan<double> w, int rows, int cols, int depth)
    {
        var p = MfEndToEnd.Preconditioner(MatrixSpectrum.ToMatrix(w, rows, cols), depth);
        var lambda = Eigenvalues(p);
        return (p - p.Transpose()).FrobeniusNorm() / p.FrobeniusNorm() + Math.Max(0, -lambda[0]) / Math.Max(lambda[^1], 1e-300);
    }

    /// <summary>max |sorted eig(P_W) − sorted predicted| / max predicted for W (rows × cols, row-major).</summary>
    public static double SpectrumError(ReadOnlySpan<double> w, int rows, int cols, int depth)
    {
        var p = MfEndToEnd.Preconditioner(MatrixSpectrum.ToMatrix(w, rows, cols), depth);
        var actual = Eigenvalues(p);
        var predicted = MfEndToEnd.PredictedSpectrum(MatrixSpectrum.SingularValues(w, rows, cols), rows, cols, depth);
        double worst = 0;
        for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - predicted[i]));
        return worst / Math.Max(predicted[^1], 1e-300);
    }

    /// <summary>‖vec(Ẇ_e) + P_W vec(∇ℓ)‖ / ‖P_W vec(∇ℓ)‖ at the instance's θ (Ẇ_e exact).</summary>
    public static double ActionError(MfInstance c)
    {
        var (end, endGrad, _) = MfAlgebra.EndAndGradient(c, c.Theta);
        var p = MfEndToEnd.Preconditioner(MatrixSpectrum.ToMatrix(end, c.Rows, c.Cols), c.Model.Depth);
        var predicted = -(p * MfEndToEnd.Vec(MatrixSpectrum.ToMatrix(endGrad, c.Rows, c.Cols)));
        var actual = MfEndToEnd.Vec(MatrixSpectrum.ToMatrix(MfAlgebra.EndVelocity(c, c.Theta), c.Rows, c.Cols));
        return (actual - predicted).L2Norm() / Math.Max(predicted.L2Norm(), 1e-300);
    }

    /// <summary>The three errors at a balanced instance's end matrix, worst of them.</summary>
    public static double WorstError(MfInstance c)
    {
        var end = new double[c.Model.EndShape.Size];
        c.Model.End(c.Theta, end);
        int n = c.Model.Depth;
        return Math.Max(ActionError(c), Math.Max(PsdError(end, c.Rows, c.Cols, n), SpectrumError(end, c.Rows, c.Cols, n)));
    }

    private static double[] Eigenvalues(Matrix<double> p)
    {
        var values = ((p + p.Transpose()) * 0.5).Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray();
        Array.Sort(values);
        return values;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        int[][] shapes = options.Thorough ? [.. MF1_EndToEndUpdateRuleCheck.Shapes, [5, 7, 5, 6, 4]] : MF1_EndToEndUpdateRuleCheck.Shapes;
        for (int i = 0; i < shapes.Length; i++)
        {
            var c = MfInstance.Random(shapes[i], options.Seed + 53 * i, balanced: true);
            var end = new double[c.Model.EndShape.Size];
            c.Model.End(c.Theta, end);
            int n = c.Model.Depth;
            rows.Add(new EvidenceRow($"vec(Ẇ_e) = −P_W vec(∇ℓ), {c}", ActionError(c), Tolerance));
            rows.Add(new EvidenceRow($"P_W symmetric PSD, {c}", PsdError(end, c.Rows, c.Cols, n), Tolerance));
            rows.Add(new EvidenceRow($"sorted eig(P_W) vs Σ_j σ_r^(2(j−1)/N) σ_r'^(2(N−j)/N), {c}", SpectrumError(end, c.Rows, c.Cols, n), Tolerance));
        }
        foreach (var (r, k, rank, n) in new[] { (4, 3, 1, 3), (3, 5, 2, 2), (4, 4, 2, 4) })
        {
            var w = LowRankGroundTruth.Matrix(r, k, rank, options.Seed + 59 * r + k, 2.0);
            rows.Add(new EvidenceRow($"rank-deficient W ({r}×{k}, rank {rank}, N={n}): spectrum with (rows−rank)(cols−rank) = {(r - rank) * (k - rank)} zero eigenvalues",
                SpectrumError(w, r, k, n), Tolerance));
            rows.Add(new EvidenceRow($"rank-deficient W ({r}×{k}, rank {rank}, N={n}): P_W symmetric PSD", PsdError(w, r, k, n), Tolerance));
        }
        var controls = new[] { new[] { 3, 3, 3 }, [3, 3, 3, 3], [2, 4, 4, 3] }.Select((w, i) =>
        {
            var c = MfInstance.Random(w, options.Seed + 61 + i, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, vec(Ẇ_e) vs −P_W vec(∇ℓ), {c}", ActionError(c), Tolerance);
        }).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => MfEndToEnd.RandomRectangular(g, balanced: true), c => WorstError(c) < Tolerance);
}
