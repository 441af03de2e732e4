using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImplicitReg.Cli.Verification;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.IO;
using ImplicitReg.Theory.Claims;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// `implicitreg verify`: every claim three ways — symbolic (the derivation and identities, exact), numeric
/// (finite differences and GD against the compiled law, observed order), properties (random instances) —
/// and a table; `--json` writes the same report. Exit code 0 only when every selected claim holds.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var claim = new Option<string[]>("--claim") { Description = "Only these claim ids (repeatable), e.g. --claim TF-1.", AllowMultipleArgumentsPerToken = true };
        var paper = new Option<string?>("--paper") { Description = $"Only the claims of one paper ({string.Join(", ", Enum.GetNames<Paper>())})." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this path." };
        var thorough = new Option<bool>("--thorough") { Description = "Larger sizes and more property cases." };
        var device = DeviceOption.Create("Run the numeric checks' GD trajectories on an ILGPU device (auto | cpu | gpu), each compared with the managed run.");
        var cmd = new Command("verify", "Verify every claim of theory.md symbolically, numerically and by properties.") { claim, paper, json, thorough, device };
        cmd.SetAction(p => Run(p.GetValue(claim) ?? [], p.GetValue(paper), p.GetValue(json), p.GetValue(thorough), DeviceOption.Parse(p.GetValue(device))));
        return cmd;
    }

    public static IReadOnlyList<Claim> Select(string[] ids, string? paper)
    {
        var claims = ClaimRegistry.All.AsEnumerable();
        if (ids.Length > 0)
        {
            var unknown = ids.Where(i => ClaimRegistry.Find(i) is null).ToList();
            if (unknown.Count > 0) throw new UsageException($"--claim: unknown id(s) {string.Join(", ", unknown)} (encoded: {string.Join(", ", ClaimRegistry.All.Select(c => c.Id))}).");
            claims = claims.Where(c => ids.Contains(c.Id, StringComparer.OrdinalIgnoreCase));
        }
        if (paper is not null)
        {
            if (!Enum.TryParse<Paper>(paper, ignoreCase: true, out var p)) throw new UsageException($"--paper: '{paper}' is not one of {string.Join(", ", Enum.GetNames<Paper>())}.");
            claims = claims.Where(c => c.Citation.Paper == p);
        }
        var list = claims.ToList();
        if (list.Count == 0) throw new UsageException("no claim matches the selection.");
        return list;
    }

    private static int Run(string[] ids, string? paper, string? jsonPath, bool thorough, DeviceKind? deviceKind)
    {
        var claims = Select(ids, paper);
        using var device = deviceKind is { } kind ? ComputeDevice.Open(kind, Console.Error) : null;
        var options = new CheckOptions(thorough, Trajectories: device is null ? null : new DeviceTrajectories(device));
        var reports = new List<ClaimReport>();
        for (int i = 0; i < claims.Count; i++)
        {
            Console.Error.WriteLine($"[{i + 1}/{claims.Count}] {claims[i].Id} {claims[i].Title}");
            reports.Add(ClaimReport.Run(claims[i], options));
        }
        PrintTable(Console.Out, reports);
        if (device is not null) Console.WriteLine($"GD trajectories of the numeric checks ran on: {device.Description} (each compared with the managed run)");
        if (jsonPath is not null) WriteJson(jsonPath, reports, options);
        var missing = ClaimRegistry.TheoryOrder.Where(id => ClaimRegistry.Find(id) is null).ToList();
        if (ids.Length == 0 && paper is null && missing.Count > 0)
            Console.WriteLine($"theory.md §9 claims not encoded yet ({missing.Count} of {ClaimRegistry.TheoryOrder.Count}; see README): {string.Join(", ", missing)}");
        int passed = reports.Count(r => r.Passed);
        Console.WriteLine($"{passed} passed, {reports.Count - passed} failed");
        return passed == reports.Count ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static string Mark(bool ok) => ok ? "✓" : "✗";

    public static string SymbolicCell(ClaimReport r) =>
        r.Steps.Count + r.Identities.Count == 0 ? "—" : $"{Mark(r.SymbolicPassed)} {r.Steps.Count} steps, {r.Identities.Count} identities";

    public static string NumericCell(NumericEvidence? n) => n switch
    {
        null => "—",
        { NotApplicable: { } why } => $"— {why}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{Mark(n.Passed)} worst {n.WorstRelativeError:0.0e+0}{(n.ObservedOrder is { } o ? $", order {o:0.00}" : "")}{(n.Controls is { Count: > 0 } c ? $", {c.Count(x => !x.Passed)}/{c.Count} controls broke it" : "")}"),
    };

    public static string PropertiesCell(PropertyEvidence? p) => p switch
    {
        null => "—",
        { NotApplicable: { } why } => $"— {why}",
        _ => $"{Mark(p.Passed)} {p.Cases} cases{(p.Counterexample is { } ce ? $", fails at: {ce}" : "")}",
    };

    private static void PrintTable(TextWriter output, IReadOnlyList<ClaimReport> reports)
    {
        var rows = reports.Select(r => new[]
        {
            r.Claim.Id, r.Claim.Statement.OneLine, SymbolicCell(r), NumericCell(r.Numeric), PropertiesCell(r.Properties),
            r.Time.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture),
        }).ToList();
        string[] header = ["id", "statement", "symbolic", "numeric", "properties", "time"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        widths[1] = Math.Min(widths[1], 60);
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var r in rows) output.WriteLine(Line(r));
        foreach (var r in reports.Where(r => !r.Passed))
        {
            output.WriteLine($"{r.Claim.Id} failed:");
            foreach (var s in r.Steps.Concat(r.Identities).Where(s => !s.Holds)) output.WriteLine($"  symbolic: {s.Text} — {s.Detail}");
            foreach (var row in r.Numeric?.Rows.Where(x => !x.Passed) ?? []) output.WriteLine($"  numeric: {row.Case}: {row.RelativeError:0.0e+0} > {row.Tolerance:0.0e+0} {row.Detail}");
            foreach (var row in r.Numeric?.Controls?.Where(x => x.Passed) ?? []) output.WriteLine($"  control did not break the claim: {row.Case}");
            if (r.Numeric is { OrderOk: false } n) output.WriteLine($"  observed order {n.ObservedOrder:0.00} outside [{n.OrderRange?.Low}, {n.OrderRange?.High}]");
            if (r.Properties?.Counterexample is { } ce) output.WriteLine($"  property fails at: {ce}");
        }
    }

    private static void WriteJson(string path, IReadOnlyList<ClaimReport> reports, CheckOptions options)
    {
        JsonNode Evidence(NumericEvidence? n) => n is null ? JsonValue.Create("none")! : new JsonObject
        {
            ["passed"] = n.Passed,
            ["not_applicable"] = n.NotApplicable,
            ["worst_relative_error"] = n.WorstRelativeError,
            ["observed_order"] = n.ObservedOrder,
            ["rows"] = new JsonArray(n.Rows.Select(r => (JsonNode)new JsonObject { ["case"] = r.Case, ["relative_error"] = r.RelativeError, ["tolerance"] = r.Tolerance, ["passed"] = r.Passed, ["detail"] = r.Detail }).ToArray()),
            ["controls"] = new JsonArray((n.Controls ?? []).Select(r => (JsonNode)new JsonObject { ["case"] = r.Case, ["relative_error"] = r.RelativeError, ["broke_the_claim"] = !r.Passed }).ToArray()),
        };
        var root = new JsonObject
        {
            ["thorough"] = options.Thorough,
            ["seed"] = options.Seed,
            ["device"] = options.Trajectories is { } runs ? runs.Device : "cpu (managed)",
            ["claims"] = new JsonArray(reports.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Claim.Id,
                ["title"] = r.Claim.Title,
                ["statement"] = r.Claim.Statement.OneLine,
                ["citation"] = r.Claim.Citation.ToString(),
                ["passed"] = r.Passed,
                ["symbolic"] = new JsonObject
                {
                    ["passed"] = r.SymbolicPassed,
                    ["steps"] = new JsonArray(r.Steps.Select(s => (JsonNode)new JsonObject { ["text"] = s.Text, ["holds"] = s.Holds, ["detail"] = s.Detail }).ToArray()),
                    ["identities"] = new JsonArray(r.Identities.Select(s => (JsonNode)new JsonObject { ["text"] = s.Text, ["holds"] = s.Holds, ["detail"] = s.Detail }).ToArray()),
                },
                ["numeric"] = Evidence(r.Numeric),
                ["properties"] = r.Properties is null ? "none" : new JsonObject { ["passed"] = r.Properties.Passed, ["cases"] = r.Properties.Cases, ["counterexample"] = r.Properties.Counterexample },
                ["seconds"] = r.Time.TotalSeconds,
            }).ToArray()),
        };
        AtomicFile.Write(Path.GetFullPath(path), s =>
        {
            using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            root.WriteTo(w);
        });
    }
}
