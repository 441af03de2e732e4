using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments.Analysis;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.HierarchicalTensorFactorization;

/// <summary>
/// HTF-E2 (RMC22; theory.md §6.3, official plot_configs/htf_loc_comp_and_sing_vals_plot_config.json): HTF-E1's HTF run in
/// reading A (the same <see cref="HtfDynamicsRun"/> job) seen at two nodes and through two matricizations — the top local
/// component norms at node {1,2} and at the root, and the top singular values of ⟦𝒲_H⟧_{1,2} (a node of the tree) and of
/// ⟦𝒲_H⟧_{1,3} (not a node) over the iterations (paper modes 1-based; code modes {0,1}, {0,2}). Expected [INF]: stepwise
/// growth, low hierarchical rank — ⟦𝒲_H⟧_{1,2} ends with about the target's HT rank of significant singular values, at most
/// as many as significant local components at {1,2} (HTF-4) — while the off-tree matricization is not held low.
/// HTF-6 (recorded in this project): the staircase shows in the tree matricization's singular values more reliably than in
/// counts of local component norms.
/// </summary>
public sealed class HtfE2_LocalComponentsAndMatricizations : Experiment<HtfE2_LocalComponentsAndMatricizations.Config>
{
    /// <param name="LearnedFraction">A magnitude counts as significant above this fraction of the largest one reached in the run (<see cref="Staircase"/>).</param>
    public sealed record Config(HtfProblem Htf, DynamicsTraining Training, int TopK, double LearnedFraction, int Seed);

    public override ExperimentInfo Info { get; } = new(
        "HTF-E2", "HTF: local component norms at {1,2} and the root, singular values of the matricizations {1,2} (tree) and {1,3} (off-tree)", "RMC22",
        "paper figure number [UNKNOWN]; official plot_configs/htf_loc_comp_and_sing_vals_plot_config.json",
        "§6.3 HTF-E2, §6.1 HTF-4, HTF-6",
        "HTF-E1's quick reading-A run (the same run): the paper's problem with interior widths 32 instead of 512 and init std 4e-2 = 1e-2·√(512/32)");

    public override Config Configure(ExperimentScale scale, int seed) =>
        new(HtfProblem.ReadingA(scale), DynamicsTraining.At(scale), HtfE1_MfTfHtfDynamics.TopK, HtfE1_MfTfHtfDynamics.LearnedFraction, seed);

    public override ExperimentOutcome Run(Config c, ExperimentContext context)
    {
        var p = c.Htf;
        var run = context.Run("HTF-E2 HTF (A)", [HtfDynamicsRun.Job(p, c.Training, c.TopK, c.Seed)])[0];
        var tree = p.Tree;
        var tracked = HtfDynamicsRun.TrackedMatricizations;
        int node = tree.Find(tracked[0]);
        if (node < 0 || tree.Find(tracked[1]) >= 0)
            throw new InvalidOperationException($"HTF-E2 needs {{{string.Join(",", tracked[0])}}} on the tree {tree} and {{{string.Join(",", tracked[1])}}} off it.");
        var k = run.Column(Recorder.IterationColumn);
        int gap = 2 * c.Training.LogEvery;
        var curves = new (string Name, List<double[]> Rows)[]
        {
            ($"local component norms at {Paper(tree.Modes(node))}", HtfDynamicsRun.LocalComponentNorms(run, tree, node, c.TopK)),
            ($"local component norms at the root {Paper(tree.Modes(tree.Root))}", HtfDynamicsRun.LocalComponentNorms(run, tree, tree.Root, c.TopK)),
            ($"singular values of [[W_H]]{Paper(tracked[0])}", HtfDynamicsRun.MatricizationSingularValues(run, tracked[0], c.TopK)),
            ($"singular values of [[W_H]]{Paper(tracked[1])}", HtfDynamicsRun.MatricizationSingularValues(run, tracked[1], c.TopK)),
        };
        var staircases = curves.Select(cv => Staircase.Detect(k, cv.Rows, c.LearnedFraction, gap)).ToArray();
        var (localAtNode, _, onTree, offTree) = (staircases[0], staircases[1], staircases[2], staircases[3]);

        // Full spectra at the end and of the target (the top-K columns cut the off-tree spectrum short).
        var spectra = tracked.Select(m => HtfDynamicsRun.Spectra(p, c.Training, c.TopK, c.Seed, run.FinalTheta, m)).ToArray();
        var erank = spectra.Select(s => Matricization.EffectiveRank(s.End)).ToArray();
        var targetRank = spectra.Select(s => Matricization.NumericalRank(s.Target, 1e-10)).ToArray();
        var targetErank = spectra.Select(s => Matricization.EffectiveRank(s.Target)).ToArray();
        var targetSignificant = spectra.Select(s => s.Target.Count(x => x > c.LearnedFraction * s.Target[0])).ToArray();

        var summary = new JsonObject
        {
            ["experiment"] = Info.Id,
            ["run"] = HtfDynamicsRun.Key(p, c.Training, c.TopK),
            ["stop"] = run.Reason.ToString(),
            ["iterations"] = run.Iteration,
            ["final_train_loss"] = Significant.Round(run.Loss, 3),
            ["final_reconstruction_error"] = Significant.Round(run.Last("reconstruction-error")),
            ["target_ht_rank"] = p.TargetRank,
        };
        var panels = new JsonArray();
        for (int i = 0; i < curves.Length; i++)
            panels.Add(new JsonObject
            {
                ["curve"] = curves[i].Name,
                ["final_top"] = Numbers(curves[i].Rows[^1].Take(p.TargetRank + 2)),
                ["significant"] = staircases[i].FinalCount,
                ["one_at_a_time"] = staircases[i].OneAtATime,
                ["rise_iterations"] = new JsonArray(staircases[i].RiseIterations.Select(x => (JsonNode)x).ToArray()),
            });
        summary["curves"] = panels;
        summary["matricizations"] = new JsonArray(tracked.Select((m, i) => (JsonNode)new JsonObject
        {
            ["modes"] = Paper(m),
            ["tree_node"] = i == 0,
            ["effective_rank"] = Significant.Round(erank[i]),
            ["target_top"] = Numbers(spectra[i].Target.Take(p.TargetRank + 1)),
            ["target_rank"] = targetRank[i],
            ["target_significant"] = targetSignificant[i],
            ["target_effective_rank"] = Significant.Round(targetErank[i]),
        }).ToArray());

        string on = Paper(tracked[0]), off = Paper(tracked[1]);
        var expectations = new List<Expectation>
        {
            Expectation.Check($"tree matricization {on}: singular values learned one at a time (HTF-6)",
                onTree.OneAtATime && onTree.FinalCount >= 2,
                $"≥ 2 rises above {Significant.Text(c.LearnedFraction)} × the largest, never two between consecutive logs, ≥ {gap} steps apart",
                $"{onTree.FinalCount} rises at k = {string.Join(", ", onTree.RiseIterations)} (largest jump {onTree.MaxJump})"),
            Expectation.Check($"low hierarchical rank: {on} ends with the target's number of significant singular values, at most its HT rank {p.TargetRank}",
                onTree.FinalCount == targetSignificant[0] && onTree.FinalCount <= p.TargetRank && erank[0] <= p.TargetRank,
                $"count = |{{i : σ_i(⟦𝒲*⟧{on}) > {Significant.Text(c.LearnedFraction)} σ_1}}| = {targetSignificant[0]} ≤ {p.TargetRank}, erank ≤ {p.TargetRank} "
                + $"(⟦𝒲*⟧{on}: σ = {string.Join(", ", spectra[0].Target.Take(p.TargetRank).Select(x => Significant.Text(x)))}, rank {targetRank[0]}, erank {Significant.Text(targetErank[0])})",
                $"count {onTree.FinalCount}, erank {Significant.Text(erank[0])}; σ = {string.Join(", ", spectra[0].End.Take(p.TargetRank).Select(x => Significant.Text(x)))}"),
            Expectation.Check($"HTF-4: significant singular values of {on} ≤ significant local components at {on}",
                onTree.FinalCount <= localAtNode.FinalCount,
                $"rank ⟦𝒲_H⟧_ν ≤ |{{r : σ_H^(ν,r) > 0}}|, both counted above {Significant.Text(c.LearnedFraction)} × their largest",
                $"{onTree.FinalCount} singular values ≤ {localAtNode.FinalCount} local components"),
            Expectation.Check($"off-tree matricization {off} is not held low: effective rank above the tree matricization's",
                erank[1] > erank[0],
                $"erank ⟦𝒲_H⟧{off} > erank ⟦𝒲_H⟧{on} (target: {Significant.Text(targetErank[1])} vs {Significant.Text(targetErank[0])}, ranks {targetRank[1]} vs {targetRank[0]})",
                $"{Significant.Text(erank[1])} vs {Significant.Text(erank[0])}; significant singular values {offTree.FinalCount} vs {onTree.FinalCount}"),
        };
        return new ExperimentOutcome(summary, expectations, [Figure(c, tree, node, curves, k)], []);
    }

    private static string Paper(IEnumerable<int> modes) => HtfDynamicsRun.PaperLabel(modes);

    private static JsonArray Numbers(IEnumerable<double> xs) => new(xs.Select(x => (JsonNode)Significant.Round(x)).ToArray());

    private static Figure Figure(Config c, ModeTree tree, int node, IReadOnlyList<(string Name, List<double[]> Rows)> curves, double[] k)
    {
        var tracked = HtfDynamicsRun.TrackedMatricizations;
        string[] titles =
        [
            $"node {Paper(tree.Modes(node))}",
            $"node {Paper(tree.Modes(tree.Root))} (root)",
            $"matricization {Paper(tracked[0])} (tree node)",
            $"matricization {Paper(tracked[1])} (not a tree node)",
        ];
        string[] labels = ["local component norms", "local component norms", "singular values", "singular values"];
        var panels = curves.Select((cv, i) => new Panel(titles[i], new Axis("iterations", Min: 0), new Axis(labels[i]),
            Enumerable.Range(0, c.TopK).Select(j => new Series($"#{j + 1}", k, cv.Rows.Select(row => row[j]).ToArray(), ColorIndex: j)).ToList(), Legend: false)).ToList();
        var p = c.Htf;
        return new Figure("htf-e2.png",
            $"HTF-E2: order-{p.Order} HTF (D = {p.Dim}, R_v = {p.Width}), HT-rank-{p.TargetRank} target, {p.Observed} observed entries, init {Significant.Text(p.InitStd)}",
            panels, 4);
    }
}
