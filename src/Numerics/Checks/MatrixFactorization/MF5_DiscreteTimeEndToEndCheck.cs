namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-5 numerically: from a balanced point θ (depths 2–4, square and rectangular, hidden widths ≥ min), one GD step
/// θ' = θ − η∇φ gives W_e(θ'); the per-step mismatch ‖W_e(θ') − W_e(θ) − η·F(W_e(θ))‖ with F MF-1's right-hand side
/// (<see cref="MfEndToEnd.Rule(MfInstance, ReadOnlySpan{double})"/>) is O(η²): relative to the Euler increment η‖F‖ it
/// is O(η), and the observed order of the mismatch over η, η/2, η/4 is ≈ 2. Controls (assumption violated): from
/// unbalanced points the mismatch is O(η) — relative to η‖F‖ it stays O(1) and its observed order is ≈ 1.
/// </summary>
public sealed class MF5_DiscreteTimeEndToEndCheck : IClaimCheck
{
    public string ClaimId => "MF-5";

    /// <summary>Relative mismatch / η may not exceed this (observed ≲ 3.1 on the default instances).</summary>
    public const double RelativeMismatchPerEta = 10;

    /// <summary>‖W_e(θ − η∇φ) − W_e(θ) − η F(W_e(θ))‖ (Frobenius) at the instance's θ.</summary>
    public static double Mismatch(MfInstance c, double eta)
    {
        var theta = c.Theta;
        var grad = MfAlgebra.Gradient(c, theta);
        var next = new double[theta.Length];
        for (int i = 0; i < next.Length; i++) next[i] = theta[i] - eta * grad[i];
        var end = new double[c.Model.EndShape.Size];
        var endNext = new double[end.Length];
        c.Model.End(theta, end);
        c.Model.End(next, endNext);
        var rule = MfEndToEnd.Rule(c, theta);
        double s = 0;
        for (int i = 0; i < end.Length; i++)
        {
            double e = endNext[i] - end[i] - eta * rule[i];
            s += e * e;
        }
        return Math.Sqrt(s);
    }

    /// <summary>Mismatch / (η‖F‖): O(η) for balanced points, O(1) otherwise.</summary>
    public static double RelativeMismatch(MfInstance c, double eta)
    {
        var rule = MfEndToEnd.Rule(c, c.Theta);
        return Mismatch(c, eta) / (eta * Math.Max(Math.Sqrt(rule.Sum(x => x * x)), 1e-300));
    }

    /// <summary>log₂ of mismatch(η/2)/mismatch(η/4) — the observed order of the per-step mismatch in η.</summary>
    public static double Order(MfInstance c, double eta) => Math.Log2(Mismatch(c, eta / 2) / Mismatch(c, eta / 4));

    public static readonly int[][] Shapes =
    [
        [2, 2, 2], [3, 3, 3, 3], [4, 4, 4, 4, 4], [4, 5, 3], [2, 3, 3, 5], [5, 4, 6, 4, 3],
    ];

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        double eta = 2.5e-3, sweep = 1e-2;
        var shapes = options.Thorough ? [.. Shapes, [5, 5, 5, 5], [3, 4, 4, 4, 2]] : Shapes;
        for (int i = 0; i < shapes.Length; i++)
        {
            var c = MfInstance.Random(shapes[i], options.Seed + 53 * i, balanced: true);
            rows.Add(new EvidenceRow($"one GD step vs end-to-end Euler step, ‖mismatch‖/(η‖F‖) ≤ {RelativeMismatchPerEta}·η, {c}, η = {eta}",
                RelativeMismatch(c, eta), RelativeMismatchPerEta * eta, $"order over {sweep / 2}, {sweep / 4}: {Order(c, sweep):0.00}"));
        }
        var run = MfInstance.Random([3, 3, 3, 3], options.Seed + 7, balanced: true);
        var mismatches = new[] { sweep, sweep / 2, sweep / 4 }.Select(e => Mismatch(run, e)).ToArray();
        for (int i = 0; i < 3; i++)
        {
            double e = sweep / (1 << i);
            rows.Add(new EvidenceRow($"order sweep, ‖mismatch‖/(η‖F‖) ≤ {RelativeMismatchPerEta}·η, {run}, η = {e}",
                RelativeMismatch(run, e), RelativeMismatchPerEta * e, $"‖mismatch‖ = {mismatches[i]:0.###e+0}"));
        }
        double order = Math.Log2(mismatches[1] / mismatches[2]);
        var controls = new List<EvidenceRow>();
        foreach (var (w, i) in new[] { new[] { 3, 3, 3 }, [3, 3, 3, 3], [2, 4, 4, 3] }.Select((w, i) => (w, i)))
        {
            var c = MfInstance.Random(w, options.Seed + 59 + i, balanced: false);
            controls.Add(new EvidenceRow($"control (unbalanced init): ‖mismatch‖/(η‖F‖) ≤ {RelativeMismatchPerEta}·η, {c}, η = {eta}",
                RelativeMismatch(c, eta), RelativeMismatchPerEta * eta, $"order over {sweep / 2}, {sweep / 4}: {Order(c, sweep):0.00}"));
        }
        var order1 = MfInstance.Random([3, 3, 3, 3], options.Seed + 61, balanced: false);
        controls.Add(new EvidenceRow($"control (unbalanced init): |observed order − 2| ≤ 0.2, {order1}, η = {sweep}, {sweep / 2}, {sweep / 4}",
            Math.Abs(Order(order1, sweep) - 2), 0.2, $"order {Order(order1, sweep):0.00}"));
        return new NumericEvidence(rows, order, (1.8, 2.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => MfEndToEnd.RandomRectangular(g, balanced: true),
            c => RelativeMismatch(c, 1e-3) <= RelativeMismatchPerEta * 1e-3 && Math.Abs(Order(c, 2e-3) - 2) < 0.2);
}
