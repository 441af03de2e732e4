using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

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
