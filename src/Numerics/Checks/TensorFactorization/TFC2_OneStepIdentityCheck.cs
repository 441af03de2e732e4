using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-C2 numerically: one step θ ← θ − η∇φ(θ) at random (unbalanced) CP points changes
/// ‖w_r^n‖² − ‖w_r^{n'}‖² by η²(‖g_r^n‖² − ‖g_r^{n'}‖²) up to rounding (1e-12 relative), for plain GD with a
/// random η and for GroupRMSprop steps with their scalar η_k; control: a per-mode step size (not a scalar) breaks it.
/// </summary>
public sealed class TFC2_OneStepIdentityCheck : IClaimCheck
{
    public string ClaimId => "TF-C2";

    /// <summary>
    /// max over r, n &lt; n' of |Δ(‖w_r^n‖² − ‖w_r^{n'}‖²) − η²(‖g_r^n‖² − ‖g_r^{n'}‖²)| / max(1, squared norms before/after),
    /// for the step from <paramref name="before"/> to <paramref name="after"/> with gradient <paramref name="gradient"/> and step <paramref name="eta"/>.
    /// </summary>
    public static double RelativeDeviation(CpInstance c, ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> gradient, double eta)
    {
        var m = c.Model;
        double worst = 0;
        for (int r = 0; r < m.Rank; r++)
        {
            var (b, a, g) = (new double[m.Order], new double[m.Order], new double[m.Order]);
            for (int n = 0; n < m.Order; n++)
            {
                b[n] = SquaredNorm(m.Vector(before, r, n));
                a[n] = SquaredNorm(m.Vector(after, r, n));
                g[n] = SquaredNorm(m.Vector(gradient, r, n));
            }
            double scale = Math.Max(1, Math.Max(b.Max(), a.Max()));
            for (int n = 0; n < m.Order; n++)
                for (int n2 = n + 1; n2 < m.Order; n2++)
                {
                    double change = (a[n] - a[n2]) - (b[n] - b[n2]);
                    worst = Math.Max(worst, Math.Abs(change - eta * eta * (g[n] - g[n2])) / scale);
                }
        }
        return worst;
    }

    /// <summary>One plain GD step with step size η from the instance's θ.</summary>
    public static double GdStepDeviation(CpInstance c, double eta)
    {
        var grad = new double[c.Theta.Length];
        c.Objective.ValueAndGradient(c.Theta, grad);
        var next = c.Theta.Zip(grad, (x, d) => x - eta * d).ToArray();
        return RelativeDeviation(c, c.Theta, next, grad, eta);
    }

    /// <summary>Worst deviation over <paramref name="steps"/> GroupRMSprop steps, each with its own scalar η_k.</summary>
    public static double GroupRmsPropDeviation(CpInstance c, double lr, int steps, ITrajectorySource? runs = null)
    {
        var sim = runs.Replay(c.Objective, c.Theta, () => new GroupRmsProp(lr), steps);
        double worst = 0;
        for (int k = 0; k < steps; k++)
        {
            var before = sim.Theta.ToArray();
            var grad = sim.Gradient.ToArray();
            double eta = sim.Step();
            worst = Math.Max(worst, RelativeDeviation(c, before, sim.Theta, grad, eta));
        }
        return worst;
    }

    /// <summary>Control: mode n steps with η·(1 + n/2) — not one scalar step — so the first-order terms no longer cancel.</summary>
    public static double PerModeStepDeviation(CpInstance c, double eta)
    {
        var grad = new double[c.Theta.Length];
        c.Objective.ValueAndGradient(c.Theta, grad);
        var next = (double[])c.Theta.Clone();
        var m = c.Model;
        for (int r = 0; r < m.Rank; r++)
            for (int n = 0; n < m.Order; n++)
            {
                var w = m.Vector(next.AsSpan(), r, n);
                var g = m.Vector(grad, r, n);
                for (int i = 0; i < w.Length; i++) w[i] -= eta * (1 + 0.5 * n) * g[i];
            }
        return RelativeDeviation(c, c.Theta, next, grad, eta);
    }

    private static double SquaredNorm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return s;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (2, 3, 2), (3, 3, 3), (4, 2, 3), (5, 2, 2) } : new[] { (2, 3, 2), (3, 3, 3), (4, 2, 3) };
        foreach (var (n, d, r) in sizes)
        {
            var c = CpInstance.Random(n, d, r, options.Seed + n, balanced: false);
            foreach (double eta in new[] { 0.01, 0.3 })
                rows.Add(new EvidenceRow($"GD step η = {eta}, {c}", GdStepDeviation(c, eta), 1e-12));
        }
        var rms = CpInstance.Random(3, 3, 3, options.Seed + 99, balanced: false);
        rows.Add(new EvidenceRow($"20 GroupRMSprop steps (lr 0.01, scalar η_k), {rms}", GroupRmsPropDeviation(rms, 0.01, 20, options.Runs), 1e-12));
        var controls = new List<EvidenceRow>
        {
            new($"control (assumption violated): per-mode step sizes η(1 + n/2), {rms}", PerModeStepDeviation(rms, 0.1), 1e-12),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed,
            g => (Instance: CpInstance.Random(g, balanced: false), Eta: 0.001 + 0.5 * g.NextInt(1000) / 1000.0),
            x => GdStepDeviation(x.Instance, x.Eta) < 1e-12,
            x => $"{x.Instance}, η = {x.Eta}");
}
