using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic.Oracle;

/// <summary>
/// One question for SymPy: an operation on an input printed by us, and our result printed by us.
/// Build cases with the factory methods, which print with <see cref="Infix.Format(Expr, string)"/> ("**")
/// and collect the symbol table (name → assumptions) from the expressions involved.
/// </summary>
public sealed record OracleCase
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("op")] public required string Op { get; init; }
    [JsonPropertyName("symbols")] public required Dictionary<string, string> Symbols { get; init; }
    [JsonPropertyName("input")] public required string Input { get; init; }
    [JsonPropertyName("ours")] public required string Ours { get; init; }
    [JsonPropertyName("wrt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Wrt { get; init; }
    [JsonPropertyName("target"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Target { get; init; }
    [JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Value { get; init; }
    [JsonPropertyName("terms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Terms { get; init; }
    [JsonPropertyName("rates"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Rates { get; init; }
    [JsonPropertyName("unknown"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Unknown { get; init; }
    [JsonPropertyName("after"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? After { get; init; }

    public static string Print(Expr e) => Infix.Format(e, "**");

    /// <summary>SymPy expands <paramref name="input"/>; ours must be equal and have as many terms.</summary>
    public static OracleCase Expand(string id, Expr input, Expr ours, bool checkTerms = true) => new()
    {
        Id = id, Op = "expand", Symbols = TableOf(input, ours), Input = Print(input), Ours = Print(ours),
        Terms = checkTerms ? TermCount(ours) : null,
    };

    /// <summary>SymPy differentiates <paramref name="input"/> with respect to <paramref name="wrt"/>.</summary>
    public static OracleCase Differentiate(string id, Expr input, Symbol wrt, Expr ours) => new()
    {
        Id = id, Op = "diff", Symbols = TableOf(input, ours, wrt), Input = Print(input), Ours = Print(ours), Wrt = wrt.Name,
    };

    /// <summary>SymPy computes input.subs(target, value).</summary>
    public static OracleCase Substitute(string id, Expr input, Symbol target, Expr value, Expr ours) => new()
    {
        Id = id, Op = "subs", Symbols = TableOf(input, ours, target, value), Input = Print(input), Ours = Print(ours),
        Target = target.Name, Value = Print(value),
    };

    /// <summary>SymPy parses the raw <paramref name="text"/> (with ^ or **) and compares it with ours.</summary>
    public static OracleCase Equivalent(string id, string text, Expr ours, IReadOnlyDictionary<string, Assumptions> table) => new()
    {
        Id = id, Op = "equiv", Symbols = table.ToDictionary(kv => kv.Key, kv => KindOf(kv.Value)), Input = text, Ours = Print(ours),
    };

    /// <summary>
    /// SymPy differentiates <paramref name="relation"/> = 0 in time (d/dt s = rates[s]), solves for
    /// <paramref name="unknown"/>, applies <paramref name="after"/> and compares with ours.
    /// </summary>
    public static OracleCase RateLaw(string id, Expr relation, IReadOnlyDictionary<Symbol, Expr> rates, Symbol unknown,
        IReadOnlyDictionary<Symbol, Expr> after, Expr ours) => new()
    {
        Id = id, Op = "rate_law",
        Symbols = TableOf([relation, ours, unknown, .. rates.Keys, .. rates.Values, .. after.Keys, .. after.Values]),
        Input = Print(relation), Ours = Print(ours), Unknown = unknown.Name,
        Rates = rates.ToDictionary(kv => kv.Key.Name, kv => Print(kv.Value)),
        After = after.ToDictionary(kv => kv.Key.Name, kv => Print(kv.Value)),
    };

    /// <summary>Number of terms as SymPy's Add.make_args counts them (0 for zero).</summary>
    public static int TermCount(Expr e) => e switch { Sum s => s.Children.Count, _ when e.IsZero => 0, _ => 1 };

    public static string KindOf(Assumptions a) => a switch
    {
        Assumptions.PositiveInteger => "positive_integer",
        Assumptions.Positive => "positive",
        Assumptions.Integer => "integer",
        Assumptions.Real => "real",
        Assumptions.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "No SymPy equivalent for these assumptions."),
    };

    public static Dictionary<string, string> TableOf(params Expr[] exprs)
    {
        var table = new Dictionary<string, string>();
        foreach (var s in exprs.SelectMany(e => e.Symbols()))
        {
            var kind = KindOf(s.Assumptions);
            if (table.TryGetValue(s.Name, out var old) && old != kind)
                throw new InvalidOperationException($"Symbol '{s.Name}' occurs with two assumption sets ({old}, {kind}); SymPy cannot tell them apart in text.");
            table[s.Name] = kind;
        }
        return table;
    }
}

/// <summary>SymPy's verdict on one <see cref="OracleCase"/>.</summary>
public sealed record OracleResult
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("theirs")] public string Theirs { get; init; } = "";
    [JsonPropertyName("detail")] public string Detail { get; init; } = "";

    /// <summary>Equal: proved by expand or simplify, or (reported separately) only numerically.</summary>
    public bool Passed => Status is "ok" or "ok-simplify" or "numeric-only";
}

/// <summary>
/// Runs SymPy (Debian python3-sympy under /usr/bin/python3) as an independent oracle: one Python process
/// per batch, reading the batch as JSON on stdin and writing JSON results (script: sympy_oracle.py,
/// copied beside the test assembly). The probe runs once per test process and is cached.
/// </summary>
public static class SympyOracle
{
    public const string InstallHint =
        "SymPy oracle missing: install python3-sympy (apt-get install -y python3-sympy) so that " +
        "'/usr/bin/python3 -c \"import sympy\"' works, or point IMPLICITREG_SYMPY_PYTHON at a python with sympy ≥ 1.9.";

    public sealed record Probe(string? Python, Version? Version, string Reason)
    {
        public bool Available => Python is not null;
    }

    private static readonly Lazy<Probe> _probe = new(RunProbe, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Probe Availability => _probe.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws with the install hint when SymPy is missing (under CI such tests are not skipped).</summary>
    public static string RequirePython()
    {
        var p = Availability;
        return p.Python ?? throw new InvalidOperationException($"{InstallHint} Probe: {p.Reason}");
    }

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Symbolic", "Oracle", "sympy_oracle.py");

    private static IEnumerable<string> Candidates()
    {
        // IMPLICITREG_SYMPY_PYTHON, when set, is the only candidate (also how to test the missing-SymPy policy).
        var env = Environment.GetEnvironmentVariable("IMPLICITREG_SYMPY_PYTHON");
        if (!string.IsNullOrWhiteSpace(env)) { yield return env; yield break; }
        yield return "/usr/bin/python3";
        yield return "python3";
    }

    private static Probe RunProbe()
    {
        var reasons = new List<string>();
        foreach (var python in Candidates().Distinct())
        {
            try
            {
                var (rc, stdout, stderr) = RunProcess(python, ["-c", "import sympy; print(sympy.__version__)"], null, TimeSpan.FromSeconds(60));
                var text = stdout.Trim();
                if (rc != 0) { reasons.Add($"{python}: exit {rc}: {LastLine(stderr)}"); continue; }
                var numeric = new string(text.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).TrimEnd('.');
                if (!Version.TryParse(numeric.Contains('.') ? numeric : numeric + ".0", out var v))
                { reasons.Add($"{python}: unreadable sympy version '{text}'"); continue; }
                if (v < new Version(1, 9)) { reasons.Add($"{python}: sympy {text} is older than 1.9"); continue; }
                return new Probe(python, v, $"sympy {text} at {python}");
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
            {
                reasons.Add($"{python}: {ex.Message}");
            }
        }
        return new Probe(null, null, string.Join("; ", reasons));
    }

    private static string LastLine(string s) => s.Trim().Split('\n').LastOrDefault()?.Trim() ?? "";

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record BatchIn([property: JsonPropertyName("cases")] IReadOnlyList<OracleCase> Cases);
    private sealed record BatchOut(
        [property: JsonPropertyName("sympy")] string Sympy,
        [property: JsonPropertyName("results")] List<OracleResult> Results);

    /// <summary>Checks a whole batch in one Python process; results in the order of the cases.</summary>
    public static IReadOnlyList<OracleResult> Check(IReadOnlyList<OracleCase> cases, TimeSpan? timeout = null)
    {
        var python = RequirePython();
        if (!File.Exists(ScriptPath)) throw new FileNotFoundException($"The oracle script is not beside the tests: {ScriptPath}");
        var input = JsonSerializer.Serialize(new BatchIn(cases), Json);
        var (rc, stdout, stderr) = RunProcess(python, [ScriptPath], input, timeout ?? TimeSpan.FromMinutes(5));
        if (rc != 0) throw new InvalidOperationException($"The SymPy oracle exited with {rc}:\n{stderr}");
        var batch = JsonSerializer.Deserialize<BatchOut>(stdout, Json)
                    ?? throw new InvalidOperationException($"The SymPy oracle wrote no results:\n{stderr}");
        if (batch.Results.Count != cases.Count)
            throw new InvalidOperationException($"The SymPy oracle answered {batch.Results.Count} of {cases.Count} cases:\n{stderr}");
        for (int i = 0; i < cases.Count; i++)
            if (batch.Results[i].Id != cases[i].Id)
                throw new InvalidOperationException($"Result {i} is for '{batch.Results[i].Id}', expected '{cases[i].Id}'.");
        return batch.Results;
    }

    /// <summary>A readable report of the failing cases (input, ours, SymPy's), at most <paramref name="max"/>.</summary>
    public static string Describe(IReadOnlyList<OracleCase> cases, IReadOnlyList<OracleResult> results, Func<OracleResult, bool> select, int max = 25)
    {
        var sb = new StringBuilder();
        int shown = 0, total = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            if (!select(results[i])) continue;
            total++;
            if (shown++ >= max) continue;
            var c = cases[i];
            var r = results[i];
            sb.AppendLine($"[{r.Status}] {c.Id}: {c.Op}{(c.Wrt is null ? "" : $" wrt {c.Wrt}")}{(c.Target is null ? "" : $" {c.Target} -> {c.Value}")}");
            sb.AppendLine($"    input: {c.Input}");
            sb.AppendLine($"    ours:  {c.Ours}");
            sb.AppendLine($"    SymPy: {r.Theirs}");
            if (!string.IsNullOrWhiteSpace(r.Detail)) sb.AppendLine($"    detail: {r.Detail.Trim().Replace("\n", "\n            ")}");
        }
        if (total > shown) sb.AppendLine($"... and {total - max} more");
        return sb.ToString();
    }

    private static (int ExitCode, string Stdout, string Stderr) RunProcess(string file, IEnumerable<string> args, string? stdin, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONHASHSEED"] = "0";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{file} did not finish within {timeout.TotalSeconds:0} s.");
        }
        p.WaitForExit();
        return (p.ExitCode, stdoutTask.Result, stderrTask.Result);
    }
}

/// <summary>
/// A fact that needs the SymPy oracle. When SymPy is missing it is skipped with the reason, except when
/// the environment variable CI is "true": then it runs and fails with <see cref="SympyOracle.InstallHint"/>.
/// </summary>
public sealed class SympyFactAttribute : FactAttribute
{
    public SympyFactAttribute()
    {
        var probe = SympyOracle.Availability;
        if (!probe.Available && !SympyOracle.IsCi)
            Skip = $"{SympyOracle.InstallHint} (skipped because CI is not \"true\"; probe: {probe.Reason})";
    }
}
