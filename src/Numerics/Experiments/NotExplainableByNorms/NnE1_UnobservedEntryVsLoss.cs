using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Checks.NotExplainableByNorms;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.NotExplainableByNorms;

/// <summary>
/// NN-E1 (RC20 Fig. 1; theory.md §4.2, §8.1 I): deep matrix factorization of depth L on the 2×2 completion
/// ( * 1 ; 1 0 ), ℓ = ½Σ_Ω(W_ij − b_ij)², plain GD, from a balanced split of an 𝒩(0, α²) product with det &gt; 0 or
/// from unbalanced per-layer 𝒩(0, α²) layers resampled until det &gt; 0 (the code's enforce_pos_det); logged every 50
/// steps: the four entries, det W, σ₁, σ₂. Expected: along balanced runs (det &gt; 0 kept, NN-1) the unobserved entry
/// obeys |w₁₁| ≥ (1 − √(2ℓ))²/√(2ℓ) (NN-2) and keeps growing as the loss falls, so every norm diverges while the rank
/// tends to one (NN-4).
/// </summary>
public sealed class NnE1_UnobservedEntryVsLoss : Experiment<NnE1_UnobservedEntryVsLoss.Config>
{
    /// <param name="Alpha">init scale: product std for the balanced split, per-layer std for unbalanced layers (RC20 init_alpha).</param>
    public sealed record Config(int[] Depths, bool[] Balanced, int Seeds, double Alpha, double LearningRate, long MaxSteps, double LossThreshold, int LogEvery, int Seed);

    public override ExperimentInfo Info { get; } = new(
        "NN-E1", "2×2 completion ( * 1 ; 1 0 ): |unobserved entry| against loss, depths 2–4, balanced and unbalanced", "RC20",
        "Fig. 1 (blog Fig. 1); official example_plots/dmf_orig_d{2,3,4}.png",
        "§4.1, §4.2 NN-E1, §8.1 I",
        "2 seeds instead of 5, at most 4·10⁶ steps instead of 5·10⁶, logged every 250 steps instead of 50");

    public override Config Configure(ExperimentScale scale, int seed) => scale switch
    {
        ExperimentScale.Full => new([2, 3, 4], [true, false], 5, 8e-3, 3e-3, 5_000_000, 1e-4, 50, seed),
        _ => new([2, 3, 4], [true, false], 2, 8e-3, 3e-3, 4_000_000, 1e-4, 250, seed),
    };

    private static string Key(int depth, bool balanced, int s) => $"L={depth}-{(balanced ? "balanced" : "unbalanced")}-seed={s}";

    public override ExperimentOutcome Run(Config c, ExperimentContext context)
    {
        var cases = (from depth in c.Depths from balanced in c.Balanced from s in Enumerable.Range(c.Seed, c.Seeds) select (depth, balanced, s)).ToList();
        var jobs = cases.Select(x => new RunJob(Key(x.depth, x.balanced, x.s), c.MaxSteps, () =>
        {
            // Seeds 1000·s: the unbalanced sampler resamples with seed + k until det > 0, so nearby seeds could share a draw.
            var instance = x.balanced ? Rc20Problem.Balanced(x.depth, c.Alpha, 1000 * x.s) : Rc20Problem.Unbalanced(x.depth, c.Alpha, 1000 * x.s);
            var quantities = new[] { "entries", "det", "singular-values:2" }.Select(q => QuantityCatalog.Create(q, instance.Model, [], [])).ToList();
            return new RunSetup(instance.Objective, () => new GradientDescent(c.LearningRate), instance.Theta, c.LogEvery, quantities,
                [new MaxSteps(c.MaxSteps), new LossBelow(c.LossThreshold), new Divergence()]);
        })).ToList();
        var runs = context.Run("NN-E1 depth × init sweep", jobs);

        var rows = runs.Select((r, i) => Analyse(cases[i].depth, cases[i].balanced, r)).ToList();
        var summary = new JsonObject
        {
            ["experiment"] = Info.Id,
            ["runs"] = new JsonArray(rows.Select(a => (JsonNode)new JsonObject
            {
                ["key"] = a.Key,
                ["stop"] = a.Run.Reason.ToString(),
                ["iterations"] = Significant.Round(a.Run.Iteration, 3),
                ["final_loss"] = Significant.Round(a.Run.Loss, 3),
                ["final_abs_w11"] = Significant.Round(a.FinalW11, 3),
                ["det_kept_positive"] = a.DetPositive,
                ["nn2_bound_violations"] = a.BoundViolations,
                ["abs_w11_monotone_late"] = a.MonotoneLate,
                ["final_sigma2"] = Significant.Round(a.FinalSigma2, 3),
            }).ToArray()),
        };

        var expectations = new List<Expectation>();
        var deepBalanced = rows.Where(a => a.Balanced && a.Depth >= 3).ToList();
        expectations.Add(Expectation.Check("balanced, L ≥ 3: det W stays positive at every logged step (NN-1)",
            deepBalanced.All(a => a.DetPositive), "det > 0 throughout every run",
            string.Join("; ", deepBalanced.Select(a => $"{a.Key}: {(a.DetPositive ? "kept" : "flipped")}"))));
        expectations.Add(Expectation.Check("balanced, L ≥ 3: |w11| ≥ (1 − √(2ℓ))²/√(2ℓ) at every logged step with √(2ℓ) < 1 (NN-2)",
            deepBalanced.All(a => a.BoundViolations == 0 && a.BoundChecked > 0), "0 violations",
            string.Join("; ", deepBalanced.Select(a => $"{a.Key}: {a.BoundViolations} of {a.BoundChecked}"))));
        expectations.Add(Expectation.Check($"balanced, L ≥ 3: the loss reaches {Significant.Text(c.LossThreshold)} while |w11| keeps growing",
            deepBalanced.All(a => a.Run.Reason == StopReason.Converged && a.MonotoneLate),
            $"ℓ < {Significant.Text(c.LossThreshold)} within the step budget; |w11| non-decreasing at every logged step once √(2ℓ) < 1/2 (paper, depth 3: |w11| ≈ 60–70 at ℓ = 1e-4)",
            string.Join("; ", deepBalanced.Select(a => $"{a.Key}: ℓ = {Significant.Text(a.Run.Loss)}, |w11| = {Significant.Text(a.FinalW11)}{(a.MonotoneLate ? "" : " (decreased)")}"))));
        expectations.Add(Expectation.Check("balanced, L ≥ 3: σ₂(W) → 0 while ‖W‖ → ∞ (rank → 1, NN-4)",
            deepBalanced.All(a => a.FinalSigma2 < 0.05 && a.FinalW11 > 10), "at the end σ₂ < 0.05 and |w11| > 10",
            string.Join("; ", deepBalanced.Select(a => $"{a.Key}: σ₂ = {Significant.Text(a.FinalSigma2)}"))));
        var shallowUnbalanced = rows.Where(a => !a.Balanced && a.Depth == 2).ToList();
        expectations.Add(Expectation.Check("unbalanced, L = 2: det W changes sign and |w11| stays bounded (the assumption matters)",
            shallowUnbalanced.All(a => !a.DetPositive && a.FinalW11 < 10), "det flips; |w11| < 10 at the end (theory.md: finite solutions, |w11| ≲ 3)",
            string.Join("; ", shallowUnbalanced.Select(a => $"{a.Key}: det {(a.DetPositive ? "kept" : "flipped")}, |w11| = {Significant.Text(a.FinalW11)}"))));

        return new ExperimentOutcome(summary, expectations, [Figure(c, rows)], [Table(rows)]);
    }

    private sealed record Analysis(string Key, int Depth, bool Balanced, RunRecord Run, bool DetPositive, int BoundViolations, int BoundChecked,
        bool MonotoneLate, double FinalW11, double FinalSigma2, double[] Loss, double[] AbsW11, double[] K);

    private static Analysis Analyse(int depth, bool balanced, RunRecord run)
    {
        var loss = run.Column(Recorder.LossColumn);
        var entries = new[] { "w11", "w12", "w21", "w22" }.Select(run.Column).ToArray();
        var det = run.Column("det");
        var w11 = entries[0].Select(Math.Abs).ToArray();
        bool detPositive = det.All(d => d > 0);
        int violations = 0, checkedRows = 0;
        bool monotone = true;
        double previous = double.NegativeInfinity;
        for (int t = 0; t < loss.Length; t++)
        {
            var w = entries.Select(e => e[t]).ToArray();
            if (Rc20Bounds.Applies(w))
            {
                checkedRows++;
                if (!Rc20Bounds.Nn2(w).Holds) violations++;
            }
            if (Rc20Bounds.Rho(w) < 0.5)
            {
                if (w11[t] < previous) monotone = false;
                previous = w11[t];
            }
        }
        return new Analysis(run.Key, depth, balanced, run, detPositive, violations, checkedRows, monotone, w11[^1], run.Last("sigma2"),
            loss, w11, run.Column(Recorder.IterationColumn));
    }

    private static ResultTable Table(IReadOnlyList<Analysis> rows) => new("nn-e1-runs",
        ["depth", "balanced", "iterations", "final_loss", "final_abs_w11", "det_kept_positive", "final_sigma2"],
        rows.Select(a => new double[] { a.Depth, a.Balanced ? 1 : 0, a.Run.Iteration, a.Run.Loss, a.FinalW11, a.DetPositive ? 1 : 0, a.FinalSigma2 }).ToList(),
        rows.Select(a => a.Key).ToList());

    private static Figure Figure(Config c, IReadOnlyList<Analysis> rows)
    {
        var panels = new List<Panel>();
        foreach (var depth in c.Depths)
        {
            var series = new List<Series>();
            int color = 0;
            foreach (var a in rows.Where(r => r.Depth == depth))
            {
                var keep = Enumerable.Range(0, a.Loss.Length).Where(t => a.Loss[t] < 0.5).ToArray();
                series.Add(new Series(a.Key.Replace($"L={depth}-", ""), keep.Select(t => a.Loss[t]).ToArray(), keep.Select(t => a.AbsW11[t]).ToArray(),
                    ColorIndex: color++, Dashed: !a.Balanced));
            }
            var rhoGrid = Enumerable.Range(0, 60).Select(i => Math.Pow(10, -4.3 + 4 * i / 59.0)).Where(l => Math.Sqrt(2 * l) < 1).ToArray();
            series.Add(new Series("NN-2 bound (1−√2ℓ)²/√2ℓ", rhoGrid, rhoGrid.Select(l => Rc20Bounds.W11LowerBound(Math.Sqrt(2 * l))).ToArray(), ColorIndex: 7, Dashed: true));
            panels.Add(new Panel($"depth {depth}", new Axis("loss ℓ", Log: true, Inverted: true), new Axis("|w11| (unobserved entry)", Log: true), series));
        }
        return new Figure("nn-e1.png", "NN-E1: 2×2 completion (* 1; 1 0), GD lr " + Significant.Text(c.LearningRate) + ", init " + Significant.Text(c.Alpha) + " (dashed: unbalanced)", panels, panels.Count);
    }
}
