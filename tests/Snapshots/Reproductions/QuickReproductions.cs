using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments;

namespace ImplicitReg.Snapshots.Reproductions;

/// <summary>
/// Every experiment's --quick run (default seed), computed once per test process in memory and shared by the
/// tests that read it.
/// </summary>
public static class QuickReproductions
{
    public const int Seed = 1;

    private static readonly ConcurrentDictionary<string, Lazy<ExperimentOutcome>> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<object[]> Ids => ExperimentRegistry.All.Select(e => new object[] { e.Info.Id });

    public static ExperimentOutcome Outcome(string id) =>
        Cache.GetOrAdd(id, key => new Lazy<ExperimentOutcome>(() =>
        {
            var experiment = ExperimentRegistry.Find(key) ?? throw new ArgumentException($"no experiment {key}");
            var context = new ExperimentContext(executor: new ManagedRunExecutor(Environment.ProcessorCount), dataDirectory: DataDirectory());
            return experiment.Run(experiment.Configure(ExperimentScale.Quick, Seed), context);
        })).Value;

    /// <summary>The part of summary.json a snapshot locks: the results and which expected outcomes held (no device, no timing; the measured numbers are in the results).</summary>
    public static string Snapshot(ExperimentOutcome outcome)
    {
        var doc = new JsonObject
        {
            ["expectations"] = new JsonArray(outcome.Expectations.Select(e => (JsonNode)new JsonObject
            {
                ["name"] = e.Name, ["passed"] = e.Passed,
            }).ToArray()),
            ["results"] = outcome.Summary.DeepClone(),
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public static string RepositoryRoot() => TestSupport.CliProcess.RepositoryRoot();

    public static string DataDirectory() => Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));
}
