using System.Diagnostics;
using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Properties.Cli;

/// <summary>
/// The .npy interop promise: a PyTorch script started from ImplicitReg's θ₀, target and observed indices
/// follows the same gradient-descent trajectory (float64, same loss normalization) to rounding.
/// </summary>
public sealed class TorchInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-torch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static bool TorchAvailable { get; } = Probe();

    private static bool Probe()
    {
        if (!File.Exists("/usr/bin/python3")) return false;
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch, numpy"]) { RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private static (int, string) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Result);
    }

    [TorchTheory]
    [InlineData("""{ "kind": "deep-mf", "widths": [5, 4, 6, 5] }""", """{ "kind": "low-rank", "rank": 2, "seed": 1 }""", 0.3)]
    [InlineData("""{ "kind": "cp", "dims": [3, 4, 2], "rank": 3 }""", """{ "kind": "cp", "rank": 2, "seed": 1 }""", 0.3)]
    public void APyTorchReplayFromTheSameFilesFollowsTheSameGradientDescentSteps(string model, string target, double lr)
    {
        var config = Path.Combine(_dir, "run.json");
        File.WriteAllText(config, $$"""
        {
          "model": {{model}}, "target": {{target}},
          "observations": { "kind": "completion", "count": 12, "seed": 2 },
          "init": { "kind": "gaussian", "scale": 0.5, "seed": 3 },
          "optimizer": { "kind": "gd", "lr": {{lr}} },
          "run": { "max-steps": 50, "log-every": 10 }
        }
        """);
        var output = Path.Combine(_dir, "out");
        var dll = Path.Combine(AppContext.BaseDirectory, "implicitreg.dll");
        var (code, err) = Run("dotnet", dll, "simulate", config, "--out", output);
        Assert.True(code == 0, err);
        var replay = Path.Combine(_dir, "torch_theta.npy");
        (code, err) = Run("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "bench", "torch_replay.py"), output, "--steps", "50", "--lr", lr.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", replay);
        Assert.True(code == 0, err);
        var ours = Npy.ReadFloat64(Path.Combine(output, "theta.npy"), out _);
        var theirs = Npy.ReadFloat64(replay, out _);
        Assert.Equal(ours.Length, theirs.Length);
        double worst = ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.First)));
        Assert.True(worst < 1e-12, $"largest relative difference after 50 GD steps: {worst:0.0e+0}");
    }
}

/// <summary>Runs only where Debian's python3-torch is installed (it is not part of the default test setup).</summary>
public sealed class TorchTheoryAttribute : TheoryAttribute
{
    public TorchTheoryAttribute()
    {
        // Reason a user accepts: PyTorch (python3-torch, ~225 Debian packages) is optional; the interop check runs where it is installed.
        if (!TorchInteropTests.TorchAvailable) Skip = "PyTorch not installed for /usr/bin/python3 (apt-get install python3-torch libopenblas0-pthread to run this check)";
    }
}
