using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>HTF-3: max over interior ν of ‖Σ_r σ_H^(ν,r) Δ^(ν,r) − 𝒲_H‖_∞ / max(1, ‖𝒲_H‖_∞) at random points.</summary>
public sealed class HTF3_DecompositionCheck : IClaimCheck
{
    public string ClaimId => "HTF-3";

    public static double RelativeDeviation(HtfInstance c)
    {
        var model = c.Model;
        var end = new double[model.EndShape.Size];
        model.End(c.Theta, end);
        var deltas = new LocalComponentTensor(model);
        var delta = new double[end.Length];
        double worst = 0, scale = Math.Max(1, end.Max(Math.Abs));
        foreach (int v in model.Tree.InteriorNodes)
        {
            var sum = new double[end.Length];
            for (int r = 0; r < model.Width(v); r++)
            {
                double sigma = LocalComponentNorm.Of(model, c.Theta, v, r);
                if (sigma == 0) continue;
                deltas.Compute(c.Theta, v, r, delta);
                for (int i = 0; i < sum.Length; i++) sum[i] += sigma * delta[i];
            }
            for (int i = 0; i < sum.Length; i++) worst = Math.Max(worst, Math.Abs(sum[i] - end[i]));
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var g = new Gaussian(options.Seed);
        for (int i = 0; i < (options.Thorough ? 20 : 5); i++)
        {
            var c = HtfInstance.Random(g, balanced: false);
            rows.Add(new EvidenceRow($"Σ_r σΔ vs 𝒲_H, every interior node, {c}", RelativeDeviation(c), 1e-12));
        }
        return new NumericEvidence(rows);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => HtfInstance.Random(g, balanced: false), c => RelativeDeviation(c) <= 1e-12);
}

/// <summary>
/// HTF-4: at random points with random rows of every W^(ν) zeroed, the numerical rank (1e-9 relative) of ⟦𝒲_H⟧_ν is at
/// most the number of non-zero local components at ν, for every interior non-root ν. Control: a non-tree
/// matricization ({0,2} of the order-4 binary tree) exceeds the bound of node {0,1}.
/// </summary>
public sealed class HTF4_RankBoundCheck : IClaimCheck
{
    public string ClaimId => "HTF-4";

    /// <summary>Zeroes each row of each interior W^(ν) with probability ½ (seeded).</summary>
    public static double[] ZeroSomeRows(Htf model, double[] theta, int seed)
    {
        var coin = new Gaussian(seed);
        var result = (double[])theta.Clone();
        foreach (int v in model.Tree.InteriorNodes)
        {
            var w = model.Weight(result.AsSpan(), v);
            for (int r = 0; r < model.Width(v); r++)
                if (coin.NextInt(2) == 0) w.Slice(r * model.ParentWidth(v), model.ParentWidth(v)).Clear();
        }
        return result;
    }

    /// <summary>(node, rank, bound) for every interior non-root node.</summary>
    public static IEnumerable<(string Node, int Rank, int Bound)> Ranks(Htf model, double[] theta)
    {
        var end = new double[model.EndShape.Size];
        model.End(theta, end);
        foreach (int v in model.Tree.InteriorNodes)
        {
            if (v == model.Tree.Root) continue;
            int bound = LocalComponentNorm.CountAbove(model, theta, v, 0);
            int rank = Matricization.NumericalRank(Matricization.SingularValues(model.EndShape, end, model.Tree.Modes(v).ToArray()), 1e-9);
            yield return (model.Tree.Label(v), rank, bound);
        }
    }

    /// <summary>max(0, rank − bound) over the nodes (0 when the claim holds).</summary>
    public static int Excess(HtfInstance c, int seed)
    {
        var theta = ZeroSomeRows(c.Model, c.Theta, seed);
        return Ranks(c.Model, theta).Select(x => Math.Max(0, x.Rank - x.Bound)).DefaultIfEmpty(0).Max();
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var models = new[] { Htf.Checkerboard(4, 3, 4), new Htf(ModeTree.FromNested("(((0,1),2),(3,4))"), [2, 3, 2, 2, 3], 3) };
        foreach (var model in models)
            for (int s = 0; s < 3; s++)
            {
                var c = HtfInstance.Random(model, options.Seed + s, balanced: false);
                var theta = ZeroSomeRows(model, c.Theta, options.Seed + 100 + s);
                var ranks = Ranks(model, theta).ToList();
                rows.Add(new EvidenceRow($"rank ≤ #non-zero components, {c}", ranks.Max(x => Math.Max(0, x.Rank - x.Bound)), 0,
                    string.Join("; ", ranks.Select(x => $"{x.Node}: rank {x.Rank} ≤ {x.Bound}"))));
            }
        // Control: the bound is about tree nodes only; the {0,2} matricization is not bounded by node {0,1}'s count.
        var m4 = models[0];
        var ci = HtfInstance.Random(m4, options.Seed + 50, balanced: false);
        var th = ZeroSomeRows(m4, ci.Theta, options.Seed + 51);
        var end = new double[m4.EndShape.Size];
        m4.End(th, end);
        int node01 = m4.Tree.Find([0, 1]);
        int bound01 = LocalComponentNorm.CountAbove(m4, th, node01, 0);
        int rank02 = Matricization.NumericalRank(Matricization.SingularValues(m4.EndShape, end, [0, 2]), 1e-9);
        var controls = new List<EvidenceRow> { new($"control (not a tree node): rank ⟦𝒲⟧_{{0,2}} vs the {{0,1}} count, {ci}", Math.Max(0, rank02 - bound01), 0, $"rank {rank02} vs {bound01}") };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: HtfInstance.Random(g, balanced: false), Seed: g.NextInt(1_000_000)),
            x => Excess(x.Instance, x.Seed) == 0, x => $"{x.Instance}, zero-rows seed {x.Seed}");
}

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
