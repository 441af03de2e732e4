using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-5: at a balanced point, zero all K vectors of one local component; after GD steps its vectors are still exactly
/// zero and σ_H = 0. Control: zero only one vector (unbalanced) — the component revives (σ_H &gt; 0).
/// </summary>
public sealed class HTF5_ZeroStaysZeroCheck : IClaimCheck
{
    public string ClaimId => "HTF-5";

    /// <summary>Max squared norm of the component's vectors after <paramref name="steps"/> GD steps (0 when the claim holds).</summary>
    public static double AfterSteps(HtfInstance c, int node, int r, bool zeroAllVectors, int steps = 5, double eta = 1e-3)
    {
        var model = c.Model;
        var theta = (double[])c.Theta.Clone();
        int rNu = model.Width(node), rPa = model.ParentWidth(node);
        var children = model.Tree.Children(node);
        foreach (int child in zeroAllVectors ? children : children.Take(0))
        {
            var w = model.Weight(theta.AsSpan(), child);
            for (int i = 0; i < model.Width(child); i++) w[i * rNu + r] = 0;
        }
        model.Weight(theta.AsSpan(), node).Slice(r * rPa, rPa).Clear();
        var g = new double[theta.Length];
        for (int s = 0; s < steps; s++)
        {
            c.Objective.ValueAndGradient(theta, g);
            for (int i = 0; i < theta.Length; i++) theta[i] -= eta * g[i];
        }
        var squared = new double[model.Tree.K(node)];
        model.LocalComponentSquaredNorms(theta, node, r, squared);
        return zeroAllVectors ? squared.Max() : LocalComponentNorm.Of(model, theta, node, r);
    }

    public static double Random(HtfInstance c, int seed)
    {
        var pick = new Gaussian(seed);
        var interior = c.Model.Tree.InteriorNodes.ToArray();
        int v = interior[pick.NextInt(interior.Length)];
        return AfterSteps(c, v, pick.NextInt(c.Model.Width(v)), zeroAllVectors: true);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var model = Htf.Checkerboard(4, 3, 3);
        var c = HtfInstance.Random(model, options.Seed, balanced: true);
        foreach (int v in model.Tree.InteriorNodes)
            rows.Add(new EvidenceRow($"zeroed local component {model.Tree.Label(v)}#1 after 5 GD steps (max squared norm), {c}", AfterSteps(c, v, 1, true), 0));
        int node = model.Tree.Find([0, 1]);
        var controls = new List<EvidenceRow>
        {
            new($"control (assumption violated): only the row of W{model.Tree.Label(node)} zeroed — σ_H after 5 steps", AfterSteps(c, node, 1, false), 0),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: HtfInstance.Random(g, balanced: true), Seed: g.NextInt(1_000_000)),
            x => Random(x.Instance, x.Seed) == 0, x => $"{x.Instance}, pick seed {x.Seed}");
}
