using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Baselines;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Numerics.Experiments.MatrixFactorization;

/// <summary>
/// MF-E2 (ACHL19 Fig. 2, blog Table 1; theory.md §3.2): the MF-E1 completion runs at one learning rate, read three ways —
/// reconstruction error, nuclear norm and effective rank of the learned W against the init scale, for depths 2–4 — next to
/// the nuclear-norm minimizer (min ‖X‖_* s.t. |X_ij − y_ij| ≤ δ on Ω, δ = 1e-3, as ACHL19's cvxpy baseline; solved here by
/// ADMM with a duality certificate, <see cref="NuclearNormCompletion"/>) and the ground truth. Expected: with few
/// observations (2000) nuclear-norm minimization fails, depth 2 beats it and depths 3–4 beat depth 2; the deep solutions
/// have a larger nuclear norm than the minimizer's but a lower effective rank (closer to the true rank).
/// Runs are the MF-E1 runs (same <see cref="Achl19CompletionRun.Key"/>, same builder): with MF-E1's output folder as
/// the work folder they are loaded, not recomputed.
/// </summary>
public sealed class MfE2_DepthVsNuclearNorm : Experiment<MfE2_DepthVsNuclearNorm.Config>
{
    /// <param name="Sweep">MF-E1's sweep restricted to one learning rate.</param>
    /// <param name="NuclearDelta">δ of the nuclear-norm baseline's box constraints.</param>
    public sealed record Config(Achl19CompletionSweep Sweep, double NuclearDelta);

    public override ExperimentInfo Info { get; } = new(
        "MF-E2", "deeper factorizations vs nuclear-norm minimization: error, nuclear norm and effective rank against init", "ACHL19",
        "Fig. 2 (plot.ipynb cell 7); blog Table 1",
        "§3.2 MF-E2",
        "MF-E1's quick sweep at lr 2e-3 (50×50 rank 3, 700 / 1200 observed entries, depths 2 and 3, inits 1e-2, 1e-3, 1e-5); --full: 100×100 rank 5, 2000 / 5000, depths 2–4, lr 1e-3, inits 1e-3 … 1e-6");

    public override Config Configure(ExperimentScale scale, int seed)
    {
        var sweep = new MfE1_ErrorVsInitScale().Configure(scale, seed);
        return new Config(sweep with { LearningRates = [sweep.LearningRates[0]] }, 1e-3);
    }

    public sealed record Judged(double Error, double NuclearNorm, double EffectiveRank, double RelativeError);

    public override ExperimentOutcome Run(Config c, ExperimentContext context)
    {
        var s = c.Sweep;
        var points = s.Runs;
        var records = context.Run("MF-E2 sweep (the MF-E1 runs at one lr)", s.Jobs(points));
        var target = s.Target();
        var truth = Judge(target, target, s.Size);
        var runs = points.Select((p, i) => Judge(s.FinalEnd(p, records[i]), target, s.Size)).ToList();

        // The nuclear-norm minimizer from the same observed entries, per observation count (a cached, deterministic step).
        var nuclear = context.Steps(s.Observations.Select(m => $"nuclear-m={m}").ToList(), i =>
        {
            var problem = new Problem(s.Spec(points.First(p => p.Observed == s.Observations[i])));
            var values = problem.Train.Select(j => problem.Target[j]).ToArray();
            var solution = NuclearNormCompletion.Solve(s.Size, s.Size, problem.Train, values, NuclearNormOptions.Achl19 with { Delta = c.NuclearDelta });
            return Judge(solution.X, target, s.Size);
        });
        var byM = s.Observations.Select((m, i) => (m, nuclear[i])).ToDictionary(x => x.m, x => x.Item2);
        Judged At(int m, int n, double init) => runs[points.ToList().FindIndex(p => p.Observed == m && p.Depth == n && p.InitScale == init)];

        var summary = new JsonObject
        {
            ["experiment"] = Info.Id,
            ["lr"] = s.LearningRates[0],
            ["ground_truth"] = Json(truth),
            ["nuclear"] = new JsonObject([.. s.Observations.Select(m => KeyValuePair.Create($"m={m}", (JsonNode?)Json(byM[m])))]),
            ["runs"] = new JsonArray([.. points.Select((p, i) => (JsonNode)new JsonObject
            {
                ["observed"] = p.Observed, ["depth"] = p.Depth, ["init_scale"] = p.InitScale,
                ["error"] = Significant.Round(runs[i].Error, 3),
                ["nuclear_norm"] = Significant.Round(runs[i].NuclearNorm, 4),
                ["effective_rank"] = Significant.Round(runs[i].EffectiveRank, 3),
            })]),
        };

        int fewest = s.Observations.Min(), most = s.Observations.Max();
        double smallest = s.InitScales.Min();
        var deeper = s.Depths.Where(n => n > 2).ToArray();
        double Best(int m, int n) => s.InitScales.Min(init => At(m, n, init).Error);
        var expectations = new List<Expectation>
        {
            Expectation.Check($"nuclear-norm minimization fails with {fewest} observations and recovers with {most}",
                byM[fewest].RelativeError > 0.05 && byM[most].RelativeError < 0.01,
                "relative error ‖X − W*‖/‖W*‖ > 5% at the fewest observations, < 1% at the most (ACHL19, blog Table 1)",
                string.Join("; ", s.Observations.Select(m => $"m={m}: {Significant.Text(byM[m].RelativeError)}"))),
            Expectation.Check($"with {fewest} observations depth 2 beats the nuclear-norm minimizer",
                !s.Depths.Contains(2) || Best(fewest, 2) < byM[fewest].Error,
                "best reconstruction error of depth 2 over inits below the minimizer's",
                $"depth 2 {Significant.Text(s.Depths.Contains(2) ? Best(fewest, 2) : double.NaN)} vs nuclear {Significant.Text(byM[fewest].Error)}"),
            Expectation.Check($"with {fewest} observations deeper beats depth 2",
                deeper.Length == 0 || !s.Depths.Contains(2) || deeper.All(n => Best(fewest, n) < Best(fewest, 2)),
                "best error of every depth ≥ 3 below depth 2's",
                string.Join("; ", s.Depths.Select(n => $"depth {n}: {Significant.Text(Best(fewest, n))}"))),
            Expectation.Check($"with {fewest} observations the deep solutions have a larger nuclear norm but a lower effective rank than the minimizer",
                s.Depths.All(n => At(fewest, n, smallest).NuclearNorm > byM[fewest].NuclearNorm && At(fewest, n, smallest).EffectiveRank < byM[fewest].EffectiveRank),
                $"at init {Significant.Text(smallest)}: ‖W‖_* > ‖X_nuclear‖_* and erank(W) < erank(X_nuclear) for every depth (ACHL19 Fig. 2)",
                $"nuclear: ‖X‖_* {Significant.Text(byM[fewest].NuclearNorm, 5)}, erank {Significant.Text(byM[fewest].EffectiveRank)}; "
                + string.Join("; ", s.Depths.Select(n => $"depth {n}: ‖W‖_* {Significant.Text(At(fewest, n, smallest).NuclearNorm, 5)}, erank {Significant.Text(At(fewest, n, smallest).EffectiveRank)}"))),
        };

        var table = new ResultTable("mf-e2", ["observed", "depth", "init_scale", "reconstruction_error", "nuclear_norm", "effective_rank"],
            [.. points.Select((p, i) => new double[] { p.Observed, p.Depth, p.InitScale, runs[i].Error, runs[i].NuclearNorm, runs[i].EffectiveRank }),
             .. s.Observations.Select(m => new double[] { m, 0, 0, byM[m].Error, byM[m].NuclearNorm, byM[m].EffectiveRank })],
            [.. points.Select(p => p.Key), .. s.Observations.Select(m => $"m={m}.nuclear")]);
        return new ExperimentOutcome(summary, expectations, [Figure(c, At, byM, truth)], [table.Validate()]);
    }

    /// <summary>ACHL19 Fig. 2's three numbers of a matrix: reconstruction error (mean over all entries), nuclear norm, effective rank (+1e-10 in the log).</summary>
    private static Judged Judge(double[] w, double[] target, int n)
    {
        var sigma = MatrixSpectrum.SingularValues(w, n, n);
        return new Judged(ReconstructionError.MeanSquared(w, target), sigma.Sum(), EffectiveRank.Achl19(sigma), ReconstructionError.Normalized(w, target));
    }

    private static JsonObject Json(Judged j) => new()
    {
        ["error"] = Significant.Round(j.Error, 3), ["nuclear_norm"] = Significant.Round(j.NuclearNorm, 4), ["effective_rank"] = Significant.Round(j.EffectiveRank, 3),
    };

    private static Figure Figure(Config c, Func<int, int, double, Judged> at, Dictionary<int, Judged> nuclear, Judged truth)
    {
        var s = c.Sweep;
        var inits = s.InitScales.Order().ToArray();
        var panels = new List<Panel>();
        foreach (var (name, pick, log) in new (string, Func<Judged, double>, bool)[] { ("reconstruction error", j => j.Error, true), ("nuclear norm", j => j.NuclearNorm, false), ("effective rank", j => j.EffectiveRank, false) })
            foreach (int m in s.Observations)
            {
                var series = s.Depths.Select((n, i) => new Series($"depth {n}", inits, [.. inits.Select(init => pick(at(m, n, init)))], SeriesStyle.LineAndMarkers, ColorIndex: i)).ToList();
                var lines = new List<ReferenceLine> { new("nuclear", pick(nuclear[m]), 7) };
                if (!log) lines.Add(new ReferenceLine("gt", pick(truth), 8));
                panels.Add(new Panel($"{name}, {m} observations", new Axis("init scale", Log: true), new Axis(name, Log: log), series, lines, Legend: panels.Count % 2 == 0));
            }
        return new Figure("mf-e2.png", $"MF-E2: {s.Size}×{s.Size} rank-{s.Rank} completion, lr {Significant.Text(s.LearningRates[0])}: depth vs the nuclear-norm minimizer", panels, s.Observations.Length);
    }
}
