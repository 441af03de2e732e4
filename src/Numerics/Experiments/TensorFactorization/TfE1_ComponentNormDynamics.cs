using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments.Analysis;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>
/// TF-E1 (RMC21; theory.md §5.2, §8.1 C): CP completion of an order-N, D^N tensor of CP rank 5 (‖𝒲*‖_F = 1) from
/// a random subset of its entries, CP factorization with R components, entries 𝒩(0, σ²) for several init scales σ,
/// GroupRMSprop, mean-squared loss; logged every 25 steps: top-10 component norms Π_n‖w_r^n‖ and the normalized
/// reconstruction error. Expected: at the smallest σ the component norms rise one at a time and the error falls in
/// as many steps as the target rank; at larger σ the staircase blurs and the final error is larger.
/// </summary>
public sealed class TfE1_ComponentNormDynamics : Experiment<TfE1_ComponentNormDynamics.Config>
{
    /// <param name="Rank">R, the factorization's number of components (the code's default is Π D / max D = 1000).</param>
    /// <param name="Observed">Observed (train) entries; the rest are the test entries.</param>
    public sealed record Config(int Order, int Dim, int TargetRank, int Rank, int Observed, double[] InitStds, double LearningRate,
        double RmsAlpha, double RmsEpsilon, int LogEvery, long MaxSteps, double LossThreshold, int Patience, int TopK, int Seed);

    public override ExperimentInfo Info { get; } = new(
        "TF-E1", "CP completion: component norms and reconstruction error over time, init scales 5e-2, 1e-2, 5e-3", "RMC21",
        "blog Fig. 4 (paper figure number [UNKNOWN]); official example_plots/syn/tc_mse_ord4_std005.png and tc_mse_rec_ord4.png",
        "§5.2 TF-E1, §8.1 C",
        "R = 100 components instead of 1000 and at most 40 000 steps; order 4, D = 10, rank-5 target, 2000 observed entries, the three init scales, GroupRMSprop lr 1e-2 as in --full");

    public override Config Configure(ExperimentScale scale, int seed) => scale switch
    {
        ExperimentScale.Full => new(4, 10, 5, 1000, 2000, [5e-2, 1e-2, 5e-3], 1e-2, 0.99, 1e-6, 25, 1_000_000, 1e-8, 50, 10, seed),
        _ => new(4, 10, 5, 100, 2000, [5e-2, 1e-2, 5e-3], 1e-2, 0.99, 1e-6, 25, 40_000, 1e-8, 50, 10, seed),
    };

    public override ExperimentOutcome Run(Config c, ExperimentContext context)
    {
        var dims = Enumerable.Repeat(c.Dim, c.Order).ToArray();
        var jobs = c.InitStds.Select(std => new RunJob(Key(std), c.MaxSteps, () => RunSetup.From(new Problem(Spec(c, dims, std))))).ToList();
        var runs = context.Run("TF-E1 init-scale sweep", jobs);

        var summary = new JsonObject { ["experiment"] = Info.Id, ["target_rank"] = c.TargetRank };
        var perInit = new JsonArray();
        var staircases = new Staircase[runs.Count];
        var plateaus = new double[runs.Count][];
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var k = run.Column(Recorder.IterationColumn);
            var norms = run.Rows("norm", c.TopK);
            staircases[i] = Staircase.Detect(k, norms, fraction: 0.1, minimumGap: 2 * c.LogEvery);
            plateaus[i] = staircases[i].PlateauValues(k, run.Column("reconstruction-error"));
            perInit.Add(new JsonObject
            {
                ["init_std"] = c.InitStds[i],
                ["stop"] = run.Reason.ToString(),
                ["iterations"] = run.Iteration,
                ["final_train_loss"] = Significant.Round(run.Loss, 3),
                ["final_reconstruction_error"] = Significant.Round(run.Last("reconstruction-error")),
                ["final_top_norms"] = Significant.Json(norms[^1].Take(c.TargetRank + 1)),
                ["learned_components"] = staircases[i].FinalCount,
                ["one_at_a_time"] = staircases[i].OneAtATime,
                ["rise_iterations"] = new JsonArray(staircases[i].RiseIterations.Select(x => (JsonNode)x).ToArray()),
                ["error_plateaus"] = Significant.Json(plateaus[i]),
            });
        }
        summary["runs"] = perInit;

        int smallest = Array.IndexOf(c.InitStds, c.InitStds.Min());
        var s = staircases[smallest];
        var p = plateaus[smallest];
        bool errorSteps = p.Length == c.TargetRank + 1 && p.Zip(p.Skip(1)).All(q => q.Second < 0.95 * q.First);
        var finals = runs.Select(r => r.Last("reconstruction-error")).ToArray();
        int largest = Array.IndexOf(c.InitStds, c.InitStds.Max());
        var expectations = new List<Expectation>
        {
            Expectation.Check($"init {Significant.Text(c.InitStds[smallest])}: top component norms rise one at a time, {c.TargetRank} of them",
                s.OneAtATime && s.FinalCount == c.TargetRank,
                $"{c.TargetRank} rises, never two between consecutive logs, ≥ {2 * c.LogEvery} steps apart",
                $"{s.FinalCount} rises at k = {string.Join(", ", s.RiseIterations)} (largest jump {s.MaxJump})"),
            Expectation.Check($"init {Significant.Text(c.InitStds[smallest])}: reconstruction error falls in {c.TargetRank} steps",
                errorSteps,
                $"{c.TargetRank + 1} plateaus, each ≥ 5% below the previous (paper: 1 → 0.82 → 0.56 → 0.39 → 0.22 → ≈0)",
                string.Join(" → ", p.Select(x => Significant.Text(x)))),
            Expectation.Check($"init {Significant.Text(c.InitStds[largest])}: no clear staircase",
                !(staircases[largest].OneAtATime && staircases[largest].FinalCount == c.TargetRank),
                $"the staircase of the smallest init is gone: not {c.TargetRank} components rising one at a time (some rise together, or another number is learned)",
                $"{staircases[largest].FinalCount} rises at k = {string.Join(", ", staircases[largest].RiseIterations)} (largest jump {staircases[largest].MaxJump}, closest {staircases[largest].MinimumGapSeen} steps)"),
            Expectation.Check("the largest init ends farther from the target than the smallest",
                finals[largest] >= 1.5 * finals[smallest],
                $"error({Significant.Text(c.InitStds[largest])}) ≥ 1.5 × error({Significant.Text(c.InitStds[smallest])}) (paper: ≈0.08 vs ≈0)",
                string.Join(", ", c.InitStds.Select((std, i) => $"σ={Significant.Text(std)}: {Significant.Text(finals[i])}"))),
        };
        return new ExperimentOutcome(summary, expectations, [Figure(c, runs)], []);
    }

    private static SimulationSpec Spec(Config c, int[] dims, double std) => new(
        new CpSpec(dims, c.Rank),
        new CpTarget(c.TargetRank, c.Seed, 1),
        new MeasurementSpec(MeasurementKind.Completion, c.Observed, c.Seed + 1, LossNormalization.Mean),
        // The same seed for every σ: the runs start from proportional θ₀, so they differ only in scale.
        new GaussianInitSpec(std, InitScaleConvention.RmcEntryStd, c.Seed + 2, Balanced: false),
        new GroupRmsPropSpec(c.LearningRate, c.RmsAlpha, c.RmsEpsilon),
        new RunSpec(c.MaxSteps, c.LogEvery, c.LossThreshold, c.Patience, 1e6),
        [$"component-norms:{c.TopK}", "reconstruction-error"]);

    private static string Key(double std) => $"init={Significant.Text(std)}";

    private Figure Figure(Config c, IReadOnlyList<RunRecord> runs)
    {
        var panels = new List<Panel>();
        for (int i = 0; i < runs.Count; i++)
        {
            var k = runs[i].Column(Recorder.IterationColumn);
            var series = Enumerable.Range(1, c.TopK).Select(j => new Series($"#{j}", k, runs[i].Column($"norm{j}"), ColorIndex: j - 1)).ToList();
            panels.Add(new Panel($"component norms, init {Significant.Text(c.InitStds[i])}", new Axis("iteration"), new Axis("component norm"), series, Legend: i == 0));
        }
        var errors = runs.Select((r, i) => new Series($"init {Significant.Text(c.InitStds[i])}", r.Column(Recorder.IterationColumn), r.Column("reconstruction-error"), ColorIndex: i)).ToList();
        panels.Add(new Panel("reconstruction error", new Axis("iteration"), new Axis("‖W − W*‖ / ‖W*‖", Min: 0), errors));
        return new Figure("tf-e1.png", $"TF-E1: order-{c.Order} CP completion, R = {c.Rank}, {c.Observed} observed entries, rank-{c.TargetRank} target", panels, 2);
    }
}
