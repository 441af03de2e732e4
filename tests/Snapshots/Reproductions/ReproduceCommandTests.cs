using System.Diagnostics;
using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments;
using ImplicitReg.TestSupport;

namespace ImplicitReg.Snapshots.Reproductions;

/// <summary>
/// `implicitreg reproduce` as a separate process: --list names every experiment and its figure; bad input exits 2
/// with a message that says what is wrong and leaves nothing behind; a run killed mid-way continues with --resume and
/// ends with the summary of an uninterrupted run.
/// </summary>
public sealed class ReproduceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-reproduce-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(params string[] args) => CliProcess.Start(args);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.Run(args);

    [Fact]
    public void ListNamesEveryExperimentWithItsPaper()
    {
        var (code, output, _) = Run("reproduce", "--list");
        Assert.Equal(0, code);
        foreach (var e in ExperimentRegistry.All)
        {
            Assert.Contains(e.Info.Id, output);
            Assert.Contains(e.Info.Paper, output);
        }
    }

    [Theory]
    [InlineData("unknown experiment 'XX-9'", "reproduce", "XX-9")]
    [InlineData("--quick and --full exclude each other", "reproduce", "TF-E1", "--quick", "--full")]
    [InlineData("--jobs must be at least 1", "reproduce", "TF-E1", "--jobs", "0")]
    [InlineData("give an experiment id", "reproduce")]
    [InlineData("--set ordrs: no such field in the NN-E2 configuration (fields: orders,", "reproduce", "NN-E2", "--set", "ordrs=[3]")]
    [InlineData("--set: orders: The JSON value could not be converted", "reproduce", "NN-E2", "--set", "orders=\"three\"")]
    [InlineData("--set 'orders': expected FIELD=VALUE", "reproduce", "NN-E2", "--set", "orders")]
    public void BadInputExitsTwoAndSaysWhatIsWrong(string message, params string[] args)
    {
        var outDir = Path.Combine(_dir, "out");
        var (code, _, err) = Run([.. args, "--out", outDir]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(outDir) || Directory.Exists(outDir + ".partial"), "bad input left an output folder behind");
    }

    [Fact]
    public void ReusingAFolderOfAnotherSeedOrNoneExitsTwoAndWritesNothing()
    {
        var other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);
        var outDir = Path.Combine(_dir, "reusing");
        var (code, _, err) = Run("reproduce", "MF-E2", "--out", outDir, "--reuse", other);
        Assert.Equal(2, code);
        Assert.Contains("is not a reproduce output folder", err);
        File.WriteAllText(Path.Combine(other, "config.json"), """{ "experiment": "MF-E1", "scale": "quick", "seed": 7, "config": {} }""");
        (code, _, err) = Run("reproduce", "MF-E2", "--out", outDir, "--reuse", other);
        Assert.Equal(2, code);
        Assert.Contains("seed 7", err);
        Assert.False(Directory.Exists(outDir) || Directory.Exists(outDir + ".partial"), "a refused --reuse left an output folder behind");
    }

    [Fact]
    public void ReusingRunsThatStartElsewhereExitsTwoNamesTheRunAndWritesNothing()
    {
        // MF-E1 with another target rank: the run keys are MF-E2's, the runs are not.
        var other = Path.Combine(_dir, "mf-e1-rank2");
        var (code, _, err) = Run("reproduce", "MF-E1", "--out", other, "--set", "rank=2", "--set", "depths=[2]", "--set", "init_scales=[1e-2]", "--set", "learning_rates=[2e-3]");
        Assert.True(code is 0 or 1, err);
        var outDir = Path.Combine(_dir, "mf-e2");
        (code, _, err) = Run("reproduce", "MF-E2", "--out", outDir, "--reuse", other);
        Assert.Equal(2, code);
        Assert.Contains("--reuse: run 'm=700.N=2.lr=2e-3.init=1e-2'", err);
        Assert.Contains("is not the run this configuration computes: at k = 0 its loss is", err);
        Assert.False(Directory.Exists(outDir) || Directory.Exists(outDir + ".partial"), "a refused --reuse left an output folder behind");
    }

    [Fact]
    public void RedrawRewritesFiguresAndSummaryFromTheStoredRunsAndTrainsNothing()
    {
        var outDir = Path.Combine(_dir, "mf-e3");
        var (code, _, err) = Run("reproduce", "MF-E3", "--out", outDir);
        Assert.True(code is 0 or 1, err);
        var summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        var runRecord = File.ReadAllText(Path.Combine(outDir, "run.json"));
        var png = Path.Combine(outDir, "mf-e3.png");
        File.Delete(png);
        File.WriteAllText(Path.Combine(outDir, "summary.json"), "stale");

        var (redrawCode, _, redrawErr) = Run("reproduce", "--redraw", outDir);
        Assert.Equal(code, redrawCode);
        Assert.Contains("nothing trained", redrawErr);
        Assert.Equal(summary, File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(runRecord, File.ReadAllText(Path.Combine(outDir, "run.json")));   // the original wall time and device stay
        Assert.True(new FileInfo(png).Length > 10_000, "the figure was not redrawn");

        // A folder missing a finished run is refused before anything is written: redraw never trains.
        var runs = Directory.GetDirectories(Path.Combine(outDir, "runs"));
        Directory.Delete(runs[0], recursive: true);
        File.Delete(png);
        (redrawCode, _, redrawErr) = Run("reproduce", "--redraw", outDir);
        Assert.Equal(2, redrawCode);
        Assert.Contains($"does not hold 1 finished run this configuration needs ({Path.GetFileName(runs[0])})", redrawErr);
        Assert.False(File.Exists(png), "a refused redraw wrote a figure");
        Assert.Empty(Directory.GetDirectories(Path.Combine(outDir, "runs"), Path.GetFileName(runs[0]) + "*"));

        (redrawCode, _, redrawErr) = Run("reproduce", "--redraw", outDir, "--seed", "2");
        Assert.Equal(2, redrawCode);
        Assert.Contains("drop --seed", redrawErr);
    }

    [Fact]
    public void AMissingDataFolderExitsTwoNamesThePathAndLeavesNothing()
    {
        var outDir = Path.Combine(_dir, "tf-e3");
        var missing = Path.Combine(_dir, "no-such-data");
        var (code, _, err) = Run("reproduce", "TF-E3", "--out", outDir, "--data", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, err);
        Assert.False(Directory.Exists(outDir) || Directory.Exists(outDir + ".partial"), "a missing data folder left an output folder behind");
    }

    [Fact]
    public void ResumeWithoutAnInterruptedRunExitsTwo()
    {
        var (code, _, err) = Run("reproduce", "TF-E1", "--resume", "--out", Path.Combine(_dir, "never"));
        Assert.Equal(2, code);
        Assert.Contains("no interrupted run", err);
    }

    [Fact]
    public void AKilledRunResumesToTheSummaryOfAnUninterruptedRun()
    {
        var outDir = Path.Combine(_dir, "tf-e1");
        using (var p = Start("reproduce", "TF-E1", "--quick", "--out", outDir, "--checkpoint-seconds", "0.3"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            var runs = Path.Combine(outDir + ".partial", "runs");
            while (!(Directory.Exists(runs) && Directory.EnumerateDirectories(runs, "*.checkpoint").Any()))
            {
                if (p.HasExited) Assert.Fail($"the run ended before it could be killed (exit {p.ExitCode}): {p.StandardError.ReadToEnd()}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint appeared within 3 minutes");
                Thread.Sleep(50);
            }
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        Assert.False(Directory.Exists(outDir), "a killed run left a complete-looking output folder");

        var (code, output, err) = Run("reproduce", "TF-E1", "--quick", "--out", outDir, "--resume");
        Assert.True(code == 0, $"resume exited {code}: {output}\n{err}");
        Assert.False(Directory.Exists(outDir + ".partial"));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        var reference = JsonNode.Parse(QuickReproductions.Snapshot(QuickReproductions.Outcome("TF-E1")))!;
        Assert.True(JsonNode.DeepEquals(reference["results"], summary["results"]), $"resumed results differ:\n{summary["results"]}\nvs uninterrupted\n{reference["results"]}");
        foreach (var file in new[] { "config.json", "run.json", "tf-e1.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} is missing");
        var png = File.ReadAllBytes(Path.Combine(outDir, "tf-e1.png"));
        Assert.True(png.Length > 10_000 && png[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "tf-e1.png is not a PNG");
    }

    [Fact]
    public void ASweepOnTheDeviceBackendReproducesTheManagedSummaryAndNamesTheDevice()
    {
        var outDir = Path.Combine(_dir, "nn-e2-device");
        var (code, output, err) = Run("reproduce", "NN-E2", "--quick", "--out", outDir, "--device", "gpu");
        Assert.True(code == 0, $"reproduce --device gpu exited {code}: {output}\n{err}");
        Assert.Contains("no CUDA device", err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Contains("ILGPU CPU accelerator", summary["device"]!.GetValue<string>());
        var managed = JsonNode.Parse(QuickReproductions.Snapshot(QuickReproductions.Outcome("NN-E2")))!;
        var differences = ApprovedJson.Differences(managed["results"], summary["results"], relative: 1e-6, absolute: 1e-12);
        Assert.True(differences.Count == 0, "the device sweep's results differ from the managed ones:\n  " + string.Join("\n  ", differences));
    }
}
