using ImplicitReg.Numerics.Models;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-C2 numerically: one step θ ← θ − η∇φ changes ‖a‖² − ‖b‖² by η²(‖g_a‖² − ‖g_b‖²) for every pair of vectors
/// of every local component, up to rounding (1e-12 relative to max(1, squared norms)); also with GroupRMSprop's
/// scalar η_k. Control: a step that scales the gradient of the leaves by 1.5 (not one scalar step) breaks it.
/// </summary>
public sealed class HTFC2_OneStepIdentityCheck : IClaimCheck
{
    public string ClaimId => "HTF-C2";

    public static double RelativeDeviation(Htf m, ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> gradient, double eta)
    {
        double worst = 0;
        foreach (int v in m.Tree.InteriorNodes)
        {
            int k = m.Tree.K(v);
            var (b, a, g) = (new double[k], new double[k], new double[k]);
            for (int r = 0; r < m.Width(v); r++)
            {
                m.LocalComponentSquaredNorms(before, v, r, b);
                m.LocalComponentSquaredNorms(after, v, r, a);
                m.LocalComponentSquaredNorms(gradient, v, r, g);
                double scale = Math.Max(1, Math.Max(b.Max(), a.Max()));
                for (int i = 0; i < k; i++)
                    for (int j = i + 1; j < k; j++)
                    {
                        double change = (a[i] - a[j]) - (b[i] - b[j]);
                        worst = Math.Max(worst, Math.Abs(change - eta * eta * (g[i] - g[j])) / scale);
                    }
            }
        }
        return worst;
    }

    public static double GdStepDeviation(HtfInstance c, double eta, double leafFactor = 1)
    {
        var (_, grad) = c.Gradients(c.Theta);
        var next = (double[])c.Theta.Clone();
        var m = c.Model;
        for (int v = 0; v < m.Tree.NodeCount; v++)
        {
            double f = m.Tree.IsLeaf(v) ? leafFactor : 1;
            var w = m.Weight(next.AsSpan(), v);
            var g = m.Weight((ReadOnlySpan<double>)grad, v);
            for (int i = 0; i < w.Length; i++) w[i] -= eta * f * g[i];
        }
        return RelativeDeviation(m, c.Theta, next, grad, eta);
    }

    public static double GroupRmsPropDeviation(HtfInstance c, double lr, int steps, ITrajectorySource? runs = null)
    {
        var sim = runs.Replay(c.Objective, c.Theta, () => new GroupRmsProp(lr), steps);
        double worst = 0;
        for (int k = 0; k < steps; k++)
        {
            var before = sim.Theta.ToArray();
            var grad = sim.Gradient.ToArray();
            double eta = sim.Step();
            worst = Math.Max(worst, RelativeDeviation(c.Model, before, sim.Theta, grad, eta));
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var models = new[]
        {
            Htf.Checkerboard(4, 3, 3),
            new Htf(ModeTree.FromNested("((0,1),2)"), [2, 3, 2], [2, 3]),
            new Htf(HtfInstance.RandomNested(5, options.Seed), [2, 2, 3, 2, 2], 2),
        };
        foreach (var model in models)
        {
            var c = HtfInstance.Random(model, options.Seed + 3, balanced: false);
            foreach (double eta in new[] { 0.01, 0.3 })
                rows.Add(new EvidenceRow($"GD step η = {eta}, {c}", GdStepDeviation(c, eta), 1e-12));
        }
        var rms = HtfInstance.Random(models[0], options.Seed + 5, balanced: false);
        rows.Add(new EvidenceRow($"20 GroupRMSprop steps (lr 0.01, scalar η_k), {rms}", GroupRmsPropDeviation(rms, 0.01, 20, options.Runs), 1e-12));
        var controls = new List<EvidenceRow> { new($"control (assumption violated): leaves step with 1.5η, {rms}", GdStepDeviation(rms, 0.1, 1.5), 1e-12) };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed,
            g => (Instance: HtfInstance.Random(g, balanced: false), Eta: 0.001 + g.NextInt(1000) / 2000.0),
            x => GdStepDeviation(x.Instance, x.Eta) < 1e-12, x => $"{x.Instance}, η = {x.Eta}");
}
