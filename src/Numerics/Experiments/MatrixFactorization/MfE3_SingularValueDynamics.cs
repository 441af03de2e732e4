using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments.Analysis;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.MatrixFactorization;

/// <summary>
/// MF-E3 (ACHL19 Fig. 3, synthetic row; theory.md §3.2, MF-6, MF-8, §1.1 "alignment"; configs/dynamics.toml): completion of
/// the 100×100 rank-5 W* from 2000 entries by depth N = 1, 2, 3 with the "identity" init (every layer (1e-3)^{1/N}·I,
/// exactly balanced), full-batch GD lr 0.01, mean loss, 200 000 steps, the top-10 singular values logged every 100 steps.
/// Expected: depth 1's singular values move together, slowly; for N ≥ 2 they are learned one at a time, with sharper
/// transitions as N grows; and along the depth-2 run the gradient in W's singular basis, |Uᵀ∇ℓV|, is nearly diagonal.
/// The figure's second row (MovieLens-100k) is not reproduced: that data set is not available here.
/// </summary>
public sealed class MfE3_SingularValueDynamics : Experiment<MfE3_SingularValueDynamics.Config>
{
    /// <param name="Size">n (W* is n×n, every width n).</param>
    /// <param name="InitScale">ACHL19 init_scale: W_e(0) = init_scale·I.</param>
    /// <param name="AlignmentDepth">The depth whose run also logs the alignment statistics (ACHL19: 2).</param>
    public sealed record Config(int Size, int Rank, int Observed, int[] Depths, double InitScale, double LearningRate, long Steps, int LogEvery,
        int TopK, int AlignmentDepth, int Seed);

    /// <summary>
    /// Thresholds of the checks, set from the measured runs (see the report): a singular value is learned at
    /// <see cref="LearnedFraction"/> of the largest; transitions are measured between <see cref="TransitionLow"/> and
    /// <see cref="TransitionHigh"/> of each value's peak; each depth's median relative width is at most
    /// <see cref="SharpeningFactor"/> × that of the depth below; depth 1's top singular values reach half their peaks
    /// within <see cref="TogetherSpread"/> × the first such time of each other; the run-averaged diagonal of |Uᵀ∇ℓV| is at
    /// least <see cref="AlignmentRatio"/> × its off-diagonal.
    /// </summary>
    public const double LearnedFraction = 0.1, TransitionLow = 0.1, TransitionHigh = 0.9, SharpeningFactor = 0.6, TogetherSpread = 0.05, AlignmentRatio = 5;

    public override ExperimentInfo Info { get; } = new(
        "MF-E3", "deep MF completion dynamics: top-10 singular values over GD steps for depths 1, 2, 3, and the alignment of ∇ℓ with W's singular vectors", "ACHL19",
        "Fig. 3, synthetic row (plot.ipynb cell 9; configs/dynamics.toml); the MovieLens-100k row is not reproduced (the data set is not available here)",
        "§3.2 MF-E3, MF-6, MF-8, §1.1",
        "a 30×30 rank-3 W* from 350 observed entries, GD lr 0.1 for 20 000 steps logged every 20; identity init 1e-3, depths 1, 2, 3 and the depth-2 alignment as in --full");

    public override Config Configure(ExperimentScale scale, int seed) => scale switch
    {
        ExperimentScale.Full => new(100, 5, 2000, [1, 2, 3], 1e-3, 0.01, 200_000, 100, 10, 2, seed),
        _ => new(30, 3, 350, [1, 2, 3], 1e-3, 0.1, 20_000, 20, 10, 2, seed),
    };

    public override ExperimentOutcome Run(Config c, ExperimentContext context)
    {
        if (!c.Depths.Contains(c.AlignmentDepth)) throw new ArgumentException($"MF-E3: the alignment depth {c.AlignmentDepth} is not among the depths [{string.Join(", ", c.Depths)}].");
        var jobs = c.Depths.Select(n => new RunJob(Key(n), c.Steps, () => RunSetup.From(new Problem(Spec(c, n))))).ToList();
        var runs = context.Run("MF-E3 depths", jobs);

        var summary = new JsonObject
        {
            ["experiment"] = Info.Id, ["size"] = c.Size, ["rank"] = c.Rank, ["observed"] = c.Observed,
            ["not_reproduced"] = "ACHL19 Fig. 3's second row (MovieLens-100k): the data set is not available here",
        };
        var perDepth = new JsonArray();
        var staircases = new Staircase[runs.Count];
        var transitions = new Transition[runs.Count][];
        var widths = new double[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var k = run.Column(Recorder.IterationColumn);
            var rows = run.Rows("sigma", c.TopK);
            staircases[i] = Staircase.Detect(k, rows, LearnedFraction, minimumGap: 2 * c.LogEvery);
            transitions[i] = [.. Enumerable.Range(1, c.Rank).Select(r => Transition.Of(k, run.Column($"sigma{r}"), TransitionLow, TransitionHigh))];
            widths[i] = Median(transitions[i].Select(t => t.RelativeWidth));
            perDepth.Add(new JsonObject
            {
                ["depth"] = c.Depths[i],
                ["final_train_loss"] = Significant.Round(run.Loss, 3),
                ["final_reconstruction_error"] = Significant.Round(run.Last("reconstruction-mse"), 3),
                ["final_top_singular_values"] = Significant.Json(rows[^1].Take(c.Rank + 1)),
                ["learned"] = staircases[i].FinalCount,
                ["one_at_a_time"] = staircases[i].OneAtATime,
                ["rise_iterations"] = new JsonArray([.. staircases[i].RiseIterations.Select(x => (JsonNode)x)]),
                ["half_peak_iterations"] = Significant.Json(transitions[i].Select(t => t.Middle)),
                ["half_peak_spread"] = Significant.Round(Spread(transitions[i]), 3),
                ["relative_widths"] = Significant.Json(transitions[i].Select(t => t.RelativeWidth)),
                ["median_relative_width"] = Significant.Round(widths[i], 3),
            });
        }
        summary["depths"] = perDepth;

        var expectations = new List<Expectation>();
        for (int i = 0; i < runs.Count; i++)
        {
            if (c.Depths[i] == 1)
            {
                // GD on W itself scales P_Ω's spectrum as a whole: every singular value is at the same fraction of its peak.
                double spread = Spread(transitions[i]);
                expectations.Add(Expectation.Check("depth 1: singular values move together",
                    spread <= TogetherSpread && staircases[i].FinalCount > c.Rank,
                    $"the top {c.Rank} reach half their peaks within {TogetherSpread:P0} of the same time, and more than {c.Rank} pass {LearnedFraction} × the largest (no low-rank staircase)",
                    $"half peaks at k = {string.Join(", ", transitions[i].Select(t => Math.Round(t.Middle)))} (spread {Significant.Text(spread)}); {staircases[i].FinalCount} of the top {c.TopK} pass"));
                continue;
            }
            var s = staircases[i];
            expectations.Add(Expectation.Check($"depth {c.Depths[i]}: singular values are learned one at a time",
                s.OneAtATime && s.FinalCount >= c.Rank,
                $"≥ {c.Rank} values pass {LearnedFraction} × the largest, never two between consecutive logs and ≥ {2 * c.LogEvery} steps apart",
                $"{s.FinalCount} rises at k = {string.Join(", ", s.RiseIterations)} (largest jump {s.MaxJump}, closest {s.MinimumGapSeen} steps)"));
        }
        var order = Enumerable.Range(0, c.Depths.Length).OrderBy(i => c.Depths[i]).ToArray();
        bool sharper = order.Zip(order.Skip(1)).All(p => widths[p.Second] <= SharpeningFactor * widths[p.First]);
        expectations.Add(Expectation.Check("transitions get sharper with depth",
            sharper,
            $"median over the top {c.Rank} singular values of (t at {TransitionHigh} − t at {TransitionLow} of its peak) / (t at ½ peak) shrinks by ≥ {1 - SharpeningFactor:P0} per depth step",
            string.Join(", ", order.Select(i => $"depth {c.Depths[i]}: {Significant.Text(widths[i])}"))));

        var aligned = runs[Array.IndexOf(c.Depths, c.AlignmentDepth)];
        var (diagonal, offDiagonal) = RunAverages(aligned);
        summary["alignment"] = new JsonObject
        {
            ["depth"] = c.AlignmentDepth,
            ["mean_diagonal"] = Significant.Round(diagonal, 3),
            ["mean_off_diagonal"] = Significant.Round(offDiagonal, 3),
            ["ratio"] = Significant.Round(diagonal / offDiagonal, 3),
        };
        expectations.Add(Expectation.Check($"depth {c.AlignmentDepth}: ∇ℓ is nearly diagonal in W's singular basis",
            diagonal >= AlignmentRatio * offDiagonal,
            $"over the run (k > 0), mean diagonal of |Uᵀ∇ℓV| ≥ {AlignmentRatio} × mean off-diagonal",
            $"mean diagonal {Significant.Text(diagonal)}, mean off-diagonal {Significant.Text(offDiagonal)} (ratio {Significant.Text(diagonal / offDiagonal)})"));

        return new ExperimentOutcome(summary, expectations, [Figure(c, runs, transitions)], []);
    }

    private static SimulationSpec Spec(Config c, int depth)
    {
        var record = new List<string> { $"singular-values:{c.TopK}", "reconstruction-mse" };
        if (depth == c.AlignmentDepth) record.Add("alignment");
        return Achl19Completion.Spec(c.Size, c.Rank, c.Observed, depth, new IdentityInitSpec(c.InitScale), new GradientDescentSpec(c.LearningRate),
            new RunSpec(c.Steps, c.LogEvery, LossThreshold: null, Patience: 1, DivergenceFactor: 1e6), record, c.Seed);
    }

    private static string Key(int depth) => $"N={depth}";

    /// <summary>(latest − earliest) / earliest half-peak time over the top singular values.</summary>
    private static double Spread(Transition[] transitions)
    {
        double first = transitions.Min(t => t.Middle), last = transitions.Max(t => t.Middle);
        return first > 0 ? (last - first) / first : double.PositiveInfinity;
    }

    /// <summary>Means over the logged rows after k = 0 (at the identity init U, V are arbitrary: W(0) = init_scale·I).</summary>
    private static (double Diagonal, double OffDiagonal) RunAverages(RunRecord run)
    {
        var k = run.Column(Recorder.IterationColumn);
        var d = run.Column("diag-mean");
        var o = run.Column("offdiag-mean");
        var rows = Enumerable.Range(0, k.Length).Where(t => k[t] > 0).ToArray();
        if (rows.Length == 0) throw new ArgumentException($"run '{run.Key}' logged no row after k = 0.");
        return (rows.Average(t => d[t]), rows.Average(t => o[t]));
    }

    private static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    private static Figure Figure(Config c, IReadOnlyList<RunRecord> runs, Transition[][] transitions)
    {
        var panels = new List<Panel>();
        for (int i = 0; i < runs.Count; i++)
        {
            var k = runs[i].Column(Recorder.IterationColumn);
            var series = Enumerable.Range(1, c.TopK).Select(j => new Series($"σ{j}", k, runs[i].Column($"sigma{j}"), ColorIndex: j - 1)).ToList();
            panels.Add(new Panel($"depth {c.Depths[i]}, synthetic, # = {c.Observed}", new Axis("steps"), new Axis("singular values"), series, Legend: false));
        }
        int index = Array.IndexOf(c.Depths, c.AlignmentDepth);
        var run = runs[index];
        var steps = run.Column(Recorder.IterationColumn);
        var alignment = new List<Series>();
        foreach (var (label, column, color) in new[] { ("diagonal", "diag", 0), ("off diagonal", "offdiag", 1) })
        {
            // ACHL19 plot.ipynb draws the mean with mean ± std shaded on a linear axis; the two means are a decade apart
            // and decay with the residual, so here the axis is logarithmic: the mean, and mean + std dashed (mean − std is
            // often negative for the off-diagonal entries).
            var mean = run.Column($"{column}-mean");
            var std = run.Column($"{column}-std");
            alignment.Add(new Series($"{label}: mean (dashed: + std)", steps, mean, ColorIndex: color));
            alignment.Add(new Series("", steps, [.. mean.Zip(std, (m, s) => m + s)], ColorIndex: color, Dashed: true));
        }
        // Like the paper, the panel shows the learning phase of that run: up to 1.5 × the time its last top value is at half its peak.
        double window = Math.Min(c.Steps, 1.5 * transitions[index].Max(t => t.Middle));
        panels.Add(new Panel($"|U^T grad(l) V| on the depth-{c.AlignmentDepth} run", new Axis("steps", Min: 0, Max: window), new Axis("entries of |U^T grad(l) V|", Log: true), alignment));
        return new Figure("mf-e3.png", $"MF-E3: {c.Size}×{c.Size} rank-{c.Rank} completion from {c.Observed} entries, GD lr {Significant.Text(c.LearningRate)}, identity init {Significant.Text(c.InitScale)}", panels, panels.Count);
    }
}
