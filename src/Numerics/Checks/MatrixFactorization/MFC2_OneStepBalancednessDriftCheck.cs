using ImplicitReg.Numerics.Quantities;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-C2 numerically: one GD step from a random (unbalanced) point with the real gradient changes C_j by
/// η²(g_{j+1}ᵀg_{j+1} − g_jg_jᵀ) up to rounding (1e-10 relative; ~1e-12 measured). Control (assumption violated): different step
/// sizes on different layers leave an O(η) change, which breaks the identity.
/// </summary>
public sealed class MFC2_OneStepBalancednessDriftCheck : IClaimCheck
{
    public string ClaimId => "MF-C2";

    /// <summary>
    /// max_j |ΔC_j − η²(g_{j+1}ᵀg_{j+1} − g_jg_jᵀ)| / max |η²(…)| after one step (layer j uses step η·(1 + skew·j)).
    /// Rounding floor: ΔC_j is a difference of O(‖W‖²) numbers, so the error is ~10 ulps of ‖W‖², i.e. relative
    /// ~10⁻¹⁵‖W‖²/(η²‖g‖²); hence the tolerance 10⁻¹⁰ with η ≥ 0.1 (measured worst ≈ 10⁻¹²).
    /// </summary>
    public static double RelativeError(MfInstance c, double eta, double skew = 0)
    {
        var m = c.Model;
        var w = m.Widths;
        var grad = MfAlgebra.Gradient(c, c.Theta);
        var after = (double[])c.Theta.Clone();
        for (int j = 1; j <= m.Depth; j++)
        {
            var layer = m.Layer(after.AsSpan(), j);
            var gj = m.Layer((ReadOnlySpan<double>)grad, j);
            double step = eta * (1 + skew * j);
            for (int i = 0; i < layer.Length; i++) layer[i] -= step * gj[i];
        }
        double worst = 0, scale = 1e-300;
        for (int j = 1; j < m.Depth; j++)
        {
            int nj = w[j];
            var c0 = new double[nj * nj];
            var c1 = new double[nj * nj];
            BalancednessResidual.Compute(m, c.Theta, j, c0);
            BalancednessResidual.Compute(m, after, j, c1);
            var gNext = m.Layer((ReadOnlySpan<double>)grad, j + 1);
            var g = m.Layer((ReadOnlySpan<double>)grad, j);
            var a = MfAlgebra.Mul(MfAlgebra.Transpose(gNext, w[j + 1], nj), nj, w[j + 1], gNext, nj);
            var b = MfAlgebra.Mul(g, nj, w[j - 1], MfAlgebra.Transpose(g, nj, w[j - 1]), nj);
            for (int i = 0; i < nj * nj; i++)
            {
                double predicted = eta * eta * (a[i] - b[i]);
                worst = Math.Max(worst, Math.Abs(c1[i] - c0[i] - predicted));
                scale = Math.Max(scale, Math.Abs(predicted));
            }
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (2, 2), (3, 2), (3, 3), (4, 4), (5, 3) } : new[] { (2, 2), (3, 3), (4, 3) };
        foreach (var (n, d) in sizes)
            foreach (var eta in new[] { 0.3, 0.1 })
            {
                var c = MfInstance.Square(n, d, options.Seed + 3 * n + d, balanced: false);
                rows.Add(new EvidenceRow($"one GD step, η = {eta}, {c}", RelativeError(c, eta), 1e-10));
            }
        var rect = MfInstance.Random([3, 5, 4, 2], options.Seed + 9, balanced: false);
        rows.Add(new EvidenceRow($"one GD step, η = 0.1, {rect}", RelativeError(rect, 0.1), 1e-10));
        var controls = new[] { (2, 2), (3, 3) }.Select(s =>
        {
            var c = MfInstance.Square(s.Item1, s.Item2, options.Seed + 5, balanced: false);
            return new EvidenceRow($"control (assumption violated): layer j steps with η(1 + 0.1j), η = 0.1, {c}", RelativeError(c, 0.1, skew: 0.1), 1e-10);
        }).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: MfInstance.Random(g, balanced: false), Eta: 0.1 + 0.2 * g.NextInt(1000) / 1000.0),
            x => RelativeError(x.Instance, x.Eta) < 1e-10, x => $"{x.Instance}, η = {x.Eta}");
}
