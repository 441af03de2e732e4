using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// A reproducible experiment of theory.md (§3.2, §4.2, §5.2, §6.3, §7.2): a config record per scale and seed,
/// a runner, an expected-outcome check and figure descriptions (style.md: "an experiment = a config record + a
/// runner + an expected-outcome check + a figure renderer").
/// </summary>
public interface IExperiment
{
    ExperimentInfo Info { get; }

    /// <summary>The configuration run at this scale and seed, as a typed record.</summary>
    object Configure(ExperimentScale scale, int seed);

    /// <summary>The configuration as JSON (written to config.json in the output folder).</summary>
    JsonNode Describe(object config);

    /// <summary>A configuration read back from JSON in <see cref="Describe"/>'s form (e.g. after command-line overrides).</summary>
    object Parse(JsonNode json);

    ExperimentOutcome Run(object config, ExperimentContext context);
}

/// <summary>The typed base every experiment derives from.</summary>
public abstract class Experiment<TConfig> : IExperiment where TConfig : notnull
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public abstract ExperimentInfo Info { get; }

    public abstract TConfig Configure(ExperimentScale scale, int seed);

    public abstract ExperimentOutcome Run(TConfig config, ExperimentContext context);

    object IExperiment.Configure(ExperimentScale scale, int seed) => Configure(scale, seed);

    public JsonNode Describe(object config) => JsonSerializer.SerializeToNode((TConfig)config, Json) ?? new JsonObject();

    public object Parse(JsonNode json) =>
        json.Deserialize<TConfig>(Json) ?? throw new JsonException($"{Info.Id}: the configuration is empty.");

    public ExperimentOutcome Run(object config, ExperimentContext context) => Run((TConfig)config, context);
}
