using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>A seeded random HTF completion problem (theory.md §6.1) for the RMC22 claims' checks.</summary>
public sealed record HtfInstance(Htf Model, Objective Objective, double[] Theta, string Description)
{
    public override string ToString() => Description;

    /// <param name="balanced">Balanced init (§8.1 B, needs equal interior widths): every local-component vector has norm <paramref name="scale"/>.</param>
    public static HtfInstance Random(Htf model, int seed, bool balanced, double scale = 0.8, double std = 0.7)
    {
        var g = new Gaussian(seed);
        int m = Math.Max(1, model.EndShape.Size / 2);
        var split = Observations.Sample(model.EndShape, m, seed + 1);
        var y = new double[m];
        g.Fill(y, 1);
        var objective = new Objective(model, new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.Mean));
        double[] theta;
        if (balanced) theta = BalancedHtf.Create(model, scale, seed + 2);
        else
        {
            theta = new double[model.Layout.Size];
            new Gaussian(seed + 2).Fill(theta, std);
        }
        return new HtfInstance(model, objective, theta, $"tree {model.Tree}, dims [{string.Join(",", model.Dims)}], widths [{string.Join(",", model.InteriorWidths)}], seed {seed}{(balanced ? ", balanced" : ", unbalanced")}");
    }

    /// <summary>Orders 2–5; checkerboard, balanced or random nested trees (fan-out up to 3); D_n ∈ 1..3; widths 1..3 (equal when balanced).</summary>
    public static HtfInstance Random(Gaussian g, bool balanced)
    {
        int order = 2 + g.NextInt(4);
        int kind = g.NextInt(3), seed = g.NextInt(1_000_000);
        var tree = kind switch { 0 => ModeTree.Checkerboard(order), 1 => ModeTree.Balanced(order), _ => RandomNested(order, seed) };
        var dims = Enumerable.Range(0, order).Select(_ => 1 + g.NextInt(3)).ToArray();
        int width = 1 + g.NextInt(3);
        var widths = Enumerable.Range(0, tree.InteriorCount).Select(_ => balanced ? width : 1 + g.NextInt(3)).ToArray();
        return Random(new Htf(tree, dims, widths), seed, balanced, 0.4 + (seed % 1000) / 1000.0);
    }

    /// <summary>A random nested tree: modes shuffled, each node split into 2–3 consecutive groups of the shuffled list.</summary>
    public static ModeTree RandomNested(int order, int seed)
    {
        var rng = new System.Random(seed);
        var modes = Enumerable.Range(0, order).OrderBy(_ => rng.Next()).ToArray();
        string Build(ArraySegment<int> part)
        {
            if (part.Count == 1) return part[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
            int k = rng.Next(2, Math.Min(3, part.Count) + 1);
            var cuts = Enumerable.Range(1, part.Count - 1).OrderBy(_ => rng.Next()).Take(k - 1).Order().Append(part.Count).ToArray();
            var groups = new List<string>();
            int start = 0;
            foreach (int cut in cuts)
            {
                groups.Add(Build(part.Slice(start, cut - start)));
                start = cut;
            }
            return "(" + string.Join(",", groups) + ")";
        }
        return ModeTree.FromNested(Build(modes));
    }

    /// <summary>The end-tensor gradient ∇ℒ(𝒲_H) at θ and the parameter gradient ∇φ(θ).</summary>
    public (double[] EndGradient, double[] Gradient) Gradients(ReadOnlySpan<double> theta)
    {
        var end = new double[Model.EndShape.Size];
        var endGradient = new double[end.Length];
        Model.End(theta, end);
        Objective.Loss.ValueAndGradient(end, endGradient);
        var grad = new double[theta.Length];
        Model.Backward(theta, endGradient, grad);
        return (endGradient, grad);
    }
}
