using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImplicitReg.Cli.Figures;
using ImplicitReg.Numerics.Experiments;
using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Cli.Reproduction;

/// <summary>
/// The output folder of `reproduce`: config.json (the configuration that ran), summary.json (the figure's key
/// numbers, the expected-outcome checks, the device; identical for identical seeds), run.json (wall time, machine),
/// NAME.csv / NAME.npy per result table, the figures as PNG, and runs/KEY/ with each run's trajectory (CSV, .npy) and
/// final θ. Every file is written atomically.
/// </summary>
public static class ExperimentOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ConfigDocument(IExperiment experiment, ExperimentScale scale, int seed, object config) => new()
    {
        ["experiment"] = experiment.Info.Id,
        ["scale"] = scale.ToString().ToLowerInvariant(),
        ["seed"] = seed,
        ["config"] = experiment.Describe(config),
    };

    /// <summary>The deterministic summary document (what snapshot tests lock).</summary>
    public static JsonObject SummaryDocument(IExperiment experiment, ExperimentScale scale, int seed, ExperimentOutcome outcome, string device) => new()
    {
        ["experiment"] = experiment.Info.Id,
        ["title"] = experiment.Info.Title,
        ["paper"] = experiment.Info.Paper,
        ["figure"] = experiment.Info.Figure,
        ["scale"] = scale.ToString().ToLowerInvariant(),
        ["seed"] = seed,
        ["device"] = device,
        ["passed"] = outcome.Passed,
        ["expectations"] = new JsonArray(outcome.Expectations.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Name, ["passed"] = e.Passed, ["expected"] = e.Expected, ["measured"] = e.Measured,
        }).ToArray()),
        ["results"] = outcome.Summary.DeepClone(),
    };

    public static void WriteJson(string path, JsonNode node)
    {
        var text = node.ToJsonString(Indented) + "\n";
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(text)));
    }

    public static void WriteAll(string directory, IExperiment experiment, ExperimentScale scale, int seed, ExperimentOutcome outcome, string device, TimeSpan elapsed)
    {
        WriteResults(directory, experiment, scale, seed, outcome, device);
        WriteJson(Path.Combine(directory, "run.json"), new JsonObject
        {
            ["wall_seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["device"] = device,
            ["processors"] = Environment.ProcessorCount,
            ["vector_bits"] = System.Numerics.Vector<byte>.Count * 8,
            ["finished_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>summary.json, the tables (.npy and .csv) and the figures (.png), each written atomically.</summary>
    public static void WriteResults(string directory, IExperiment experiment, ExperimentScale scale, int seed, ExperimentOutcome outcome, string device)
    {
        foreach (var table in outcome.Tables) table.Validate();
        var pngs = outcome.Figures.Select(f => (f.FileName, Png: FigureRenderer.Render(f))).ToList();   // render all before writing any
        WriteJson(Path.Combine(directory, "summary.json"), SummaryDocument(experiment, scale, seed, outcome, device));
        foreach (var table in outcome.Tables) WriteTable(directory, table);
        foreach (var (name, png) in pngs) AtomicFile.Write(Path.Combine(directory, name), s => s.Write(png));
    }

    private static void WriteTable(string directory, ResultTable table)
    {
        var data = table.Rows.SelectMany(r => r).ToArray();
        Npy.Write(Path.Combine(directory, table.Name + ".npy"), data, [table.Rows.Count, table.Columns.Count]);
        var sb = new StringBuilder();
        if (table.Labels is not null) sb.Append("run,");
        sb.AppendLine(string.Join(",", table.Columns));
        for (int i = 0; i < table.Rows.Count; i++)
        {
            if (table.Labels is not null) sb.Append(table.Labels[i]).Append(',');
            sb.AppendLine(string.Join(",", table.Rows[i].Select(x => x.ToString("R", CultureInfo.InvariantCulture))));
        }
        var text = sb.ToString();
        AtomicFile.Write(Path.Combine(directory, table.Name + ".csv"), s => s.Write(Encoding.UTF8.GetBytes(text)));
    }
}
