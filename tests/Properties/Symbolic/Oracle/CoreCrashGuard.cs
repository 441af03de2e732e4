using System.Diagnostics;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic.Oracle;

/// <summary>
/// Some inputs used to send the symbolic core into unbounded recursion (a stack overflow, which no
/// test can catch: it kills the whole test host). Before the oracle tests that build functions of sums
/// run in-process, the dangerous constructions are tried once in a child process (this test assembly
/// started with <see cref="StartupHook"/> under DOTNET_STARTUP_HOOKS): if the child dies, the tests fail
/// with the construction that crashed instead of aborting the run.
/// </summary>
public static class CoreCrashGuard
{
    public const string CanaryVariable = "IMPLICITREG_CORE_CANARY";

    /// <summary>Constructions that must terminate: functions of sums whose sign the core normalizes.</summary>
    internal static IEnumerable<(string Name, Func<Expr> Build)> Constructions()
    {
        var x = ExprGen.X; var y = ExprGen.Y;
        Expr minusXMinusY = Expr.Add(-x, -y), xMinusOne = x - 1;
        foreach (var kind in Enum.GetValues<FunctionKind>().Where(k => k is not (FunctionKind.Exp or FunctionKind.Log)))
        {
            yield return ($"{FunctionNames.Of(kind)}(-x - y)", () => Expr.Call(kind, minusXMinusY));
            yield return ($"{FunctionNames.Of(kind)}(x - 1)", () => Expr.Call(kind, xMinusOne));
            yield return ($"{FunctionNames.Of(kind)}(2*(-x - y))", () => Expr.Call(kind, 2 * minusXMinusY));
        }
        yield return ("abs(y*(x - 1))", () => Expr.Abs(y * xMinusOne));
    }

    private static readonly Lazy<string?> _verdict = new(RunCanary, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Fails (with the construction that crashed the child) when the core would overflow its stack.</summary>
    public static void AssertSafe()
    {
        var verdict = _verdict.Value;
        Assert.True(verdict is null, verdict);
    }

    private static string? RunCanary()
    {
        var (exitCode, stdout, stderr) = RunChild("all");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode == 0 && lines.LastOrDefault() == "canary: all constructions terminated") return null;
        var last = lines.LastOrDefault(l => l.StartsWith("building ", StringComparison.Ordinal));
        var firstError = stderr.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        if (last is null)
            return $"The core canary could not start (exit {exitCode}): {firstError}\n{stderr}";
        // Something crashed: try each construction alone to list every one that does.
        var crashing = new List<string>();
        var all = Constructions().ToList();
        for (int i = 0; i < all.Count; i++)
            if (RunChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode != 0) crashing.Add(all[i].Name);
        return $"The symbolic core crashed (exit {exitCode}: {firstError}) while {last}. " +
               "This is a core bug (unbounded recursion; in-process it would abort the whole test run), so the " +
               "oracle tests that build functions of sums are not run. Constructions that crash: " +
               string.Join(", ", crashing) + ".";
    }

    private static (int ExitCode, string Stdout, string Stderr) RunChild(string which)
    {
        var assembly = typeof(CoreCrashGuard).Assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(assembly);
        psi.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        psi.Environment[CanaryVariable] = which;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {host}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            return (-1, stdout.Result, "timed out after 60 s (unbounded loop in the symbolic core?)");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
