using System.Globalization;
using System.Text.Json.Nodes;

namespace ImplicitReg.Snapshots.Reproductions;

/// <summary>
/// An approved-file snapshot of a JSON document that compares numbers within a relative tolerance: the structure,
/// every string and every boolean must match exactly, every number within <c>relative</c> × max(|a|, |b|) +
/// <c>absolute</c>. Reproductions run for thousands of steps, and machines with another vector width (AVX2 vs AVX-512)
/// round reductions differently, so key numbers agree across machines to a tolerance, not bit for bit. On a mismatch
/// the received document is written beside the approved one and the failure lists every difference and the command
/// that approves the change.
/// </summary>
public static class ApprovedJson
{
    public static void ShouldMatch(string received, string approvedPath, double relative, double absolute)
    {
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", "") + ".received.json";
        if (!File.Exists(approvedPath))
        {
            File.WriteAllText(receivedPath, received);
            Assert.Fail($"no approved snapshot yet; review and approve with:\n  cp \"{receivedPath}\" \"{approvedPath}\"");
        }
        var differences = new List<string>();
        Compare(JsonNode.Parse(File.ReadAllText(approvedPath)), JsonNode.Parse(received), "$", relative, absolute, differences);
        if (differences.Count == 0)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        Assert.Fail($"{differences.Count} difference(s) from {Path.GetFileName(approvedPath)} (numbers compared within {relative:P0} + {absolute}):\n  "
            + string.Join("\n  ", differences.Take(40)) + $"\nIf the change is intended, approve it with:\n  cp \"{receivedPath}\" \"{approvedPath}\"");
    }

    /// <summary>The differences between two documents under the same rule (structure, strings, booleans exact; numbers within tolerance).</summary>
    public static List<string> Differences(JsonNode? expected, JsonNode? actual, double relative, double absolute)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", relative, absolute, differences);
        return differences;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, double relative, double absolute, List<string> differences)
    {
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                    if (a.ContainsKey(key)) Compare(value, a[key], $"{path}.{key}", relative, absolute, differences);
                    else differences.Add($"{path}.{key}: missing");
                foreach (var (key, _) in a)
                    if (!e.ContainsKey(key)) differences.Add($"{path}.{key}: not in the approved snapshot");
                return;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count) differences.Add($"{path}: {a.Count} items, approved {e.Count}");
                for (int i = 0; i < Math.Min(e.Count, a.Count); i++) Compare(e[i], a[i], $"{path}[{i}]", relative, absolute, differences);
                return;
            case (JsonValue e, JsonValue a) when e.TryGetValue<double>(out var x) && a.TryGetValue<double>(out var y):
                if (!(Math.Abs(x - y) <= relative * Math.Max(Math.Abs(x), Math.Abs(y)) + absolute) && !(double.IsNaN(x) && double.IsNaN(y)))
                    differences.Add($"{path}: {Format(y)}, approved {Format(x)}");
                return;
            default:
                if (expected?.ToJsonString() != actual?.ToJsonString())
                    differences.Add($"{path}: {actual?.ToJsonString() ?? "null"}, approved {expected?.ToJsonString() ?? "null"}");
                return;
        }
    }

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
