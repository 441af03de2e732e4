using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-3 numerically: zero two vectors (modes 0 and 1) of a component, run GD steps: those vectors stay exactly zero and
/// σ_T^(r) = 0; at a balanced point with all vectors of the component zeroed, all stay zero. Control: one zero vector revives.
/// </summary>
public sealed class TF3_ZeroStaysZeroCheck : IClaimCheck
{
    public string ClaimId => "TF-3";

    /// <summary>After <paramref name="steps"/> GD steps from θ with the first <paramref name="zeroed"/> vectors of component r zeroed: σ_T^(r) plus the squared norms of the zeroed vectors.</summary>
    public static double AfterSteps(CpInstance c, int r, int zeroed, int steps = 5, double eta = 1e-3)
    {
        var m = c.Model;
        var theta = (double[])c.Theta.Clone();
        for (int n = 0; n < zeroed; n++) m.Vector(theta.AsSpan(), r, n).Clear();
        var g = new double[theta.Length];
        for (int s = 0; s < steps; s++)
        {
            c.Objective.ValueAndGradient(theta, g);
            for (int i = 0; i < theta.Length; i++) theta[i] -= eta * g[i];
        }
        double result = ComponentNorm.Of(m, theta, r);
        for (int n = 0; n < zeroed; n++)
            foreach (double x in m.Vector((ReadOnlySpan<double>)theta, r, n)) result += x * x;
        return result;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (3, 3, 3), (4, 2, 3) })
        {
            var c = CpInstance.Random(n, d, r, options.Seed + n, balanced: false);
            rows.Add(new EvidenceRow($"two zero vectors, 5 GD steps: σ + ‖zeroed‖², {c}", AfterSteps(c, 1, 2), 0));
            var b = CpInstance.Random(n, d, r, options.Seed + n, balanced: true);
            rows.Add(new EvidenceRow($"balanced, all vectors zero, 5 GD steps, {b}", AfterSteps(b, 0, n), 0));
        }
        var ctl = CpInstance.Random(3, 3, 3, options.Seed + 8, balanced: false);
        var controls = new List<EvidenceRow> { new($"control (assumption violated): a single zero vector, {ctl}", AfterSteps(ctl, 1, 1), 0) };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: CpInstance.Random(g, balanced: false), Seed: g.NextInt(1000)),
            x => AfterSteps(x.Instance, x.Seed % x.Instance.Model.Rank, 2 + x.Seed % (x.Instance.Model.Order - 1)) == 0, x => $"{x.Instance}, pick {x.Seed}");
}
