using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.MatrixFactorization;

/// <summary>
/// MF-E1 (ACHL19 Fig. 1; theory.md §3.2, §1.1 "reconst error"): completion of a 100×100 rank-5 W* from 2000 or 5000
/// entries by deep factorizations of depth 2, 3, 4 (all widths 100), ACHL19 "gaussian" init of scale 1e-3 … 1e-6,
/// GroupRMSprop (ε = 1e-4) at lr 1e-3 and 3e-4, mean loss, until the train loss is ≤ 1e-6. Expected: the reconstruction
/// error falls as the init scale shrinks, the two learning rates give nearly the same error (the runs approach one
/// gradient-flow trajectory as lr and init → 0), and with 2000 observations deeper factorizations reach lower error.
/// </summary>
public sealed class MfE1_ErrorVsInitScale : Experiment<Achl19CompletionSweep>
{
    /// <summary>
    /// Tolerances of the checks, set from the measured runs (--full, seed 1: the smallest init's error is ×0.04 (depth 2,
    /// 2000) and ×0.36 (depth 2, 5000) the largest's, while depths 3 and 4 sit within 1.6× of the lowest error of their
    /// row at every init; learning rates differ by ≤ 0.014 decades; the best deeper error is ≤ 0.015 × depth 2's).
    /// The smallest init's error is at most <see cref="InitGain"/> × the largest init's unless both are within
    /// <see cref="FloorFactor"/> × the lowest error of any run with those observations (the floor that the train-loss
    /// threshold leaves, reached by the deeper factorizations already at the largest init); the learning rates' errors
    /// differ by at most <see cref="LearningRateGap"/> decades at every init; with the fewest observations the best
    /// error of every deeper factorization is at most <see cref="DepthGain"/> × the best depth-2 error.
    /// </summary>
    public const double InitGain = 0.5, FloorFactor = 2, LearningRateGap = 0.1, DepthGain = 0.1;

    public override ExperimentInfo Info { get; } = new(
        "MF-E1", "deep MF completion: reconstruction error vs init scale, depths 2–4, 2000 / 5000 observations, lr 1e-3 and 3e-4", "ACHL19",
        "Fig. 1 (plot.ipynb cell 5, whose x axis is init_scale×10; here x = init_scale)",
        "§3.2 MF-E1, §1.1",
        "a 50×50 rank-3 W* (entry RMS 1) from 700 and 1200 observed entries, depths 2 and 3, init scales 1e-2, 1e-3, 1e-5, lr 2e-3 and 1e-3; GroupRMSprop ε = 1e-4, train loss ≤ 1e-6 as in --full");

    public override Achl19CompletionSweep Configure(ExperimentScale scale, int seed) => scale switch
    {
        ExperimentScale.Full => new(100, 5, [2000, 5000], [2, 3, 4], [1e-3, 3e-4], [1e-3, 1e-4, 1e-5, 1e-6], 0.99, 1e-4, 1e-6, 1_000_000, 1000, seed),
        _ => new(50, 3, [700, 1200], [2, 3], [2e-3, 1e-3], [1e-2, 1e-3, 1e-5], 0.99, 1e-4, 1e-6, 200_000, 1000, seed),
    };

    public override ExperimentOutcome Run(Achl19CompletionSweep c, ExperimentContext context)
    {
        var points = c.Runs;
        var records = context.Run("MF-E1 sweep", c.Jobs(points));
        var target = c.Target();
        var error = new Dictionary<Achl19CompletionRun, double>();
        for (int i = 0; i < points.Count; i++) error[points[i]] = c.ReconstructionError(points[i], records[i], target);
        double Error(int m, int n, double lr, double init) => error[new Achl19CompletionRun(m, n, lr, init)];

        var summary = new JsonObject { ["experiment"] = Info.Id, ["size"] = c.Size, ["rank"] = c.Rank };
        summary["runs"] = new JsonArray([.. points.Select((p, i) => (JsonNode)new JsonObject
        {
            ["observed"] = p.Observed,
            ["depth"] = p.Depth,
            ["lr"] = p.LearningRate,
            ["init_scale"] = p.InitScale,
            ["stop"] = records[i].Reason.ToString(),
            ["iterations"] = records[i].Iteration,
            ["reconstruction_error"] = Significant.Round(error[p], 3),
        })]);

        double largest = c.InitScales.Max(), smallest = c.InitScales.Min();
        int fewest = c.Observations.Min();
        var expectations = new List<Expectation>();

        var unfinished = points.Where((_, i) => records[i].Reason != StopReason.Converged).Select(p => p.Key).ToList();
        expectations.Add(Expectation.Check("every run fits the observations",
            unfinished.Count == 0,
            $"train loss ≤ {Significant.Text(c.LossThreshold)} within {c.MaxSteps} steps in all {points.Count} runs",
            unfinished.Count == 0 ? $"all {points.Count} converged, after {records.Min(r => r.Iteration)}–{records.Max(r => r.Iteration)} steps" : $"not converged: {string.Join(", ", unfinished)}"));

        var floor = c.Observations.ToDictionary(m => m, m => points.Where(p => p.Observed == m).Min(p => error[p]));
        var cells = (from m in c.Observations from n in c.Depths from lr in c.LearningRates select (m, n, lr)).ToList();
        var gains = cells.Select(x => Error(x.m, x.n, x.lr, smallest) / Error(x.m, x.n, x.lr, largest)).ToArray();
        bool AtFloor((int m, int n, double lr) x) =>
            Math.Max(Error(x.m, x.n, x.lr, smallest), Error(x.m, x.n, x.lr, largest)) <= FloorFactor * floor[x.m];
        expectations.Add(Expectation.Check("error decreases as the init shrinks, down to the floor the train-loss threshold leaves",
            cells.Select((x, i) => gains[i] <= InitGain || AtFloor(x)).All(ok => ok),
            $"error(init {Significant.Text(smallest)}) ≤ {InitGain} × error(init {Significant.Text(largest)}) for every observation count, depth and lr, "
            + $"unless both are within {FloorFactor}× the lowest error at that observation count ({string.Join(", ", c.Observations.Select(m => $"m={m}: {Significant.Text(floor[m])}"))})",
            string.Join("; ", cells.Select((x, i) => $"m={x.m} N={x.n} lr={Significant.Text(x.lr)}: ×{Significant.Text(gains[i], 2)}{(AtFloor(x) ? " (at floor)" : "")}"))));

        if (c.LearningRates.Length >= 2)
        {
            double lr1 = c.LearningRates[0], lr2 = c.LearningRates[1];
            var pairs = (from m in c.Observations from n in c.Depths from init in c.InitScales select (m, n, init)).ToList();
            var gaps = pairs.Select(x => Math.Abs(Math.Log10(Error(x.m, x.n, lr1, x.init)) - Math.Log10(Error(x.m, x.n, lr2, x.init)))).ToArray();
            int worst = Array.IndexOf(gaps, gaps.Max());
            expectations.Add(Expectation.Check("the two learning rates nearly coincide",
                gaps.All(g => g <= LearningRateGap),
                $"|log10 error(lr {Significant.Text(lr1)}) − log10 error(lr {Significant.Text(lr2)})| ≤ {LearningRateGap} at every observation count, depth and init",
                $"largest gap {Significant.Text(gaps[worst], 2)} decades (m={pairs[worst].m} N={pairs[worst].n} init {Significant.Text(pairs[worst].init)}); median {Significant.Text(gaps.Order().ElementAt(gaps.Length / 2), 2)}"));
        }

        var deeper = c.Depths.Where(n => n > 2).ToArray();
        if (c.Depths.Contains(2) && deeper.Length > 0)
        {
            var rows = c.LearningRates.Select(lr =>
            {
                double shallow = c.InitScales.Min(init => Error(fewest, 2, lr, init));
                double deep = deeper.Max(n => c.InitScales.Min(init => Error(fewest, n, lr, init)));
                return (lr, shallow, deep);
            }).ToList();
            expectations.Add(Expectation.Check($"with {fewest} observations deeper is better",
                rows.All(r => r.deep <= DepthGain * r.shallow),
                $"for each lr, the best error over inits of every depth ≥ 3 ≤ {DepthGain} × that of depth 2",
                string.Join("; ", rows.Select(r => $"lr={Significant.Text(r.lr)}: depth 2 {Significant.Text(r.shallow)}, worst deeper {Significant.Text(r.deep)}"))));
        }

        var table = new ResultTable("mf-e1", ["observed", "depth", "lr", "init_scale", "reconstruction_error", "iterations", "train_loss"],
            [.. points.Select((p, i) => new double[] { p.Observed, p.Depth, p.LearningRate, p.InitScale, error[p], records[i].Iteration, records[i].Loss })],
            [.. points.Select(p => p.Key)]);
        summary["floor"] = new JsonObject([.. c.Observations.Select(m => KeyValuePair.Create($"m={m}", (JsonNode?)Significant.Round(floor[m], 3)))]);
        return new ExperimentOutcome(summary, expectations, [Figure(c, Error)], [table.Validate()]);
    }

    private static Figure Figure(Achl19CompletionSweep c, Func<int, int, double, double, double> error)
    {
        var inits = c.InitScales.Order().ToArray();
        // One decade-rounded y range for every panel (ACHL19 fixes ylim 1e-7…0.15), so depths compare at a glance; it
        // reaches at least half a decade below the train-loss threshold's line.
        var all = (from m in c.Observations from n in c.Depths from lr in c.LearningRates from init in inits select error(m, n, lr, init))
            .Where(e => e > 0 && double.IsFinite(e)).Append(c.LossThreshold).ToArray();
        var y = new Axis("reconstruction error", Log: true, Min: Math.Pow(10, Math.Floor(Math.Log10(all.Min()) - 0.5)), Max: Math.Pow(10, Math.Ceiling(Math.Log10(all.Max()))));
        var panels = new List<Panel>();
        foreach (int m in c.Observations)
            foreach (int n in c.Depths)
            {
                // ACHL19 plot.ipynb: lr 1e-3 as C0 circles, lr 3e-4 as C3 triangles on a dotted line.
                var series = c.LearningRates.Select((lr, i) => new Series($"lr = {Significant.Text(lr)}", inits, [.. inits.Select(init => error(m, n, lr, init))],
                    SeriesStyle.LineAndMarkers, ColorIndex: i == 0 ? 0 : 3, Dashed: i > 0, Marker: i == 0 ? MarkerShape.Circle : MarkerShape.Triangle)).ToList();
                panels.Add(new Panel($"depth {n}, # = {Count(m)}", new Axis("init scale", Log: true), y, series,
                    [new ReferenceLine($"train loss threshold {Significant.Text(c.LossThreshold)}", c.LossThreshold, ColorIndex: 7)], Legend: panels.Count == 0));
            }
        return new Figure("mf-e1.png", $"MF-E1: {c.Size}×{c.Size} rank-{c.Rank} completion, reconstruction error vs init scale (GroupRMSprop)", panels, c.Depths.Length);
    }

    private static string Count(int m) => m % 1000 == 0 ? $"{m / 1000}k" : m.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
