using System.Text.Json.Nodes;
using Tomlyn;
using Tomlyn.Model;

namespace ImplicitReg.Cli.Config;

/// <summary>Reads a configuration file (JSON, or TOML by the .toml extension) into a <see cref="ConfigNode"/>.</summary>
public static class ConfigFile
{
    public static ConfigNode Read(string path)
    {
        if (!File.Exists(path)) throw new ConfigException(path, "no such file");
        var text = File.ReadAllText(path);
        if (!path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase)) return ConfigNode.Parse(text, path);
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(text) ?? throw new ConfigException(path, "empty TOML document");
        }
        catch (Exception ex) when (ex is not ConfigException)
        {
            throw new ConfigException(path, $"not valid TOML: {ex.Message}");
        }
        // Re-parse the converted tree so numbers are JSON-backed (a long-backed JsonValue does not read as double).
        return new ConfigNode((JsonObject)JsonNode.Parse(ToJson(table)!.ToJsonString())!, "");
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        TomlTable t => new JsonObject(t.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        TomlTableArray a => new JsonArray(a.Select(x => ToJson(x)).ToArray()),
        TomlArray a => new JsonArray(a.Select(ToJson).ToArray()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        _ => JsonValue.Create(value.ToString()),
    };
}
