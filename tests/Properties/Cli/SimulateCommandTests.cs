using System.Diagnostics;
using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Properties.Cli;

/// <summary>
/// `implicitreg simulate` end to end, as a separate process: bad configs name the field and leave nothing
/// behind; a run killed mid-way and resumed ends bit-identical to an uninterrupted one.
/// </summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(params string[] args) => CliProcess.Start(args);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.Run(args);

    private string Config(string name, string optimizerLr = "0.5", int steps = 4000) =>
        Write(name, $$"""
        {
          "model": { "kind": "deep-mf", "widths": [6, 6, 6, 6] },
          "target": { "kind": "low-rank", "rank": 2, "seed": 1 },
          "observations": { "kind": "completion", "count": 20, "seed": 2 },
          "init": { "kind": "gaussian", "scale": 0.01, "convention": "achl19-product-scale", "seed": 3 },
          "optimizer": { "kind": "group-rmsprop", "lr": {{optimizerLr}} },
          "run": { "max-steps": {{steps}}, "log-every": 10 },
          "record": ["reconstruction-error", "singular-values:3"]
        }
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("\"lr\": 0.001", "\"lr\": 0", "optimizer.lr: must be positive, got 0")]
    [InlineData("\"log-every\": 10", "\"log-evry\": 10", "run.log-evry: unknown field (did you mean 'log-every'?)")]
    [InlineData("\"widths\": [6, 6, 6, 6]", "\"widths\": [6, -1, 6]", "model.widths[1]: must be ≥ 1, got -1")]
    [InlineData("\"count\": 20", "\"count\": 99", "observations.count = 99 exceeds the 36 entries")]
    [InlineData("\"kind\": \"deep-mf\"", "\"kind\": \"deep-nn\"", "model.kind: 'deep-nn' is not one of")]
    public void ABadConfigurationNamesTheFieldExitsWithCode2AndWritesNothing(string from, string to, string message)
    {
        var good = File.ReadAllText(Config("good.json", "0.001"));
        var bad = Write("bad.json", good.Replace(from, to));
        var output = Path.Combine(_dir, "out");
        var (code, _, err) = Run("simulate", bad, "--out", output);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(output + ".partial"));
    }

    [Fact]
    public void ARunKilledMidwayAndResumedEndsBitIdenticalToAnUninterruptedRun()
    {
        var config = Config("run.json", "0.001", steps: 200000);   // long enough that the kill lands mid-run
        var whole = Path.Combine(_dir, "whole");
        Assert.Equal(0, Run("simulate", config, "--out", whole).Code);

        var resumed = Path.Combine(_dir, "resumed");
        using (var p = Start("simulate", config, "--out", resumed, "--checkpoint-seconds", "0.05"))
        {
            var deadline = Stopwatch.StartNew();
            while (!Directory.Exists(Path.Combine(resumed + ".partial", "checkpoint")) && deadline.Elapsed.TotalSeconds < 60 && !p.HasExited) Thread.Sleep(20);
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        Assert.False(Directory.Exists(resumed), "the killed run must not leave a finished output folder");
        var (code, _, err) = Run("simulate", config, "--out", resumed, "--resume");
        Assert.True(code == 0, err);
        Assert.Contains("resuming at k =", err);
        foreach (var file in new[] { "theta.npy", "trajectory.npy" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, file)), File.ReadAllBytes(Path.Combine(resumed, file)));
        Assert.Equal(Npy.ReadFloat64(Path.Combine(whole, "theta.npy"), out _), Npy.ReadFloat64(Path.Combine(resumed, "theta.npy"), out _));
    }
}
