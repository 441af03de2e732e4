using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImplicitReg.Cli.Config;

/// <summary>
/// A JSON object of a configuration file, read with typed getters whose errors name the full field path
/// (<c>optimizer.lr: must be positive, got -0.1</c>). Every field read is remembered, so
/// <see cref="RejectUnknownFields"/> can report misspelt ones with a suggestion.
/// </summary>
public sealed class ConfigNode
{
    private readonly JsonObject _json;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public ConfigNode(JsonObject json, string path)
    {
        _json = json;
        Path = path;
    }

    public string Path { get; }

    public static ConfigNode Parse(string text, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ConfigException(source, $"not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message.Split(" Path:")[0]}");
        }
        return root is JsonObject o ? new ConfigNode(o, "") : throw new ConfigException(source, "the top level must be a JSON object { … }");
    }

    /// <summary>
    /// Applies a command-line override <c>section.field=value</c> (value read as JSON when it parses, else as a
    /// string), creating missing objects on the way: <c>--set optimizer.lr=0.01 --set model.widths=[4,4,4]</c>.
    /// </summary>
    public void Override(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ConfigException("--set", $"'{assignment}': expected PATH=VALUE, e.g. optimizer.lr=0.01");
        var path = assignment[..eq].Split('.');
        var text = assignment[(eq + 1)..];
        JsonNode? value;
        try { value = JsonNode.Parse(text); }
        catch (JsonException) { value = JsonValue.Create(text); }
        var obj = _json;
        for (int i = 0; i < path.Length - 1; i++)
        {
            if (path[i].Length == 0) throw new ConfigException("--set", $"'{assignment}': empty field name in the path");
            if (obj[path[i]] is JsonObject child) obj = child;
            else if (obj[path[i]] is null) { var created = new JsonObject(); obj[path[i]] = created; obj = created; }
            else throw new ConfigException($"--set {string.Join('.', path[..(i + 1)])}", "is not an object, so it has no fields");
        }
        obj[path[^1]] = value;
    }

    private string Field(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public bool Has(string name) => _json.ContainsKey(name);

    private JsonNode Required(string name)
    {
        _read.Add(name);
        return _json[name] ?? throw new ConfigException(Field(name), "is required but missing");
    }

    public ConfigNode Object(string name)
    {
        var n = Required(name);
        return n is JsonObject o ? new ConfigNode(o, Field(name)) : throw new ConfigException(Field(name), $"must be an object {{ … }}, got {Describe(n)}");
    }

    public ConfigNode? OptionalObject(string name) => Has(name) ? Object(name) : MarkRead(name);

    private ConfigNode? MarkRead(string name)
    {
        _read.Add(name);
        return null;
    }

    public string String(string name, IReadOnlyCollection<string>? allowed = null)
    {
        var n = Required(name);
        if (n is not JsonValue v || !v.TryGetValue(out string? s)) throw new ConfigException(Field(name), $"must be a string, got {Describe(n)}");
        if (allowed is not null && !allowed.Contains(s))
            throw new ConfigException(Field(name), $"'{s}' is not one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}");
        return s;
    }

    public string String(string name, string fallback, IReadOnlyCollection<string>? allowed = null) =>
        Has(name) ? String(name, allowed) : (MarkRead(name), fallback).fallback;

    public double Double(string name, double? min = null, double? max = null, bool positive = false)
    {
        var n = Required(name);
        if (n is not JsonValue v || !v.TryGetValue(out double d)) throw new ConfigException(Field(name), $"must be a number, got {Describe(n)}");
        if (!double.IsFinite(d)) throw new ConfigException(Field(name), "must be finite");
        if (positive && d <= 0) throw new ConfigException(Field(name), $"must be positive, got {Format(d)}");
        if (min is { } lo && d < lo) throw new ConfigException(Field(name), $"must be ≥ {Format(lo)}, got {Format(d)}");
        if (max is { } hi && d > hi) throw new ConfigException(Field(name), $"must be ≤ {Format(hi)}, got {Format(d)}");
        return d;
    }

    public double Double(string name, double fallback, double? min = null, double? max = null, bool positive = false) =>
        Has(name) ? Double(name, min, max, positive) : (MarkRead(name), fallback).fallback;

    public int Int(string name, int? min = null, int? max = null)
    {
        var n = Required(name);
        if (n is not JsonValue v || !v.TryGetValue(out double d) || d != Math.Floor(d) || d > int.MaxValue || d < int.MinValue)
            throw new ConfigException(Field(name), $"must be an integer, got {Describe(n)}");
        int i = (int)d;
        if (min is { } lo && i < lo) throw new ConfigException(Field(name), $"must be ≥ {lo}, got {i}");
        if (max is { } hi && i > hi) throw new ConfigException(Field(name), $"must be ≤ {hi}, got {i}");
        return i;
    }

    public int Int(string name, int fallback, int? min = null, int? max = null) =>
        Has(name) ? Int(name, min, max) : (MarkRead(name), fallback).fallback;

    public bool Bool(string name, bool fallback)
    {
        if (!Has(name)) { _read.Add(name); return fallback; }
        var n = Required(name);
        return n is JsonValue v && v.TryGetValue(out bool b) ? b : throw new ConfigException(Field(name), $"must be true or false, got {Describe(n)}");
    }

    public int[] IntArray(string name, int min = int.MinValue, int minLength = 1)
    {
        var n = Required(name);
        if (n is not JsonArray a) throw new ConfigException(Field(name), $"must be an array of integers, got {Describe(n)}");
        if (a.Count < minLength) throw new ConfigException(Field(name), $"needs at least {minLength} entries, got {a.Count}");
        var result = new int[a.Count];
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] is not JsonValue v || !v.TryGetValue(out double d) || d != Math.Floor(d) || Math.Abs(d) > int.MaxValue)
                throw new ConfigException($"{Field(name)}[{i}]", $"must be an integer, got {Describe(a[i])}");
            if (d < min) throw new ConfigException($"{Field(name)}[{i}]", $"must be ≥ {min}, got {d}");
            result[i] = (int)d;
        }
        return result;
    }

    public string[] StringArray(string name)
    {
        var n = Required(name);
        if (n is not JsonArray a) throw new ConfigException(Field(name), $"must be an array of strings, got {Describe(n)}");
        return a.Select((x, i) => x is JsonValue v && v.TryGetValue(out string? s) ? s : throw new ConfigException($"{Field(name)}[{i}]", $"must be a string, got {Describe(x)}")).ToArray();
    }

    /// <summary>Fails on the first field that no getter asked for (a misspelling, or a field of another kind).</summary>
    public void RejectUnknownFields()
    {
        foreach (var (key, _) in _json)
        {
            if (_read.Contains(key)) continue;
            var guess = _read.OrderBy(k => Distance(k, key)).FirstOrDefault();
            string hint = guess is not null && Distance(guess, key) <= 2 ? $" (did you mean '{guess}'?)" : _read.Count > 0 ? $" (known here: {string.Join(", ", _read.Order())})" : "";
            throw new ConfigException(Field(key), $"unknown field{hint}");
        }
    }

    private static string Format(double d) => d.ToString("G6", CultureInfo.InvariantCulture);

    private static string Describe(JsonNode? n) => n switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v when v.TryGetValue(out string? s) => $"the string \"{s}\"",
        _ => n.ToJsonString(),
    };

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
