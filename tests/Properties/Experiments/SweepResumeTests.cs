using ImplicitReg.Numerics.Experiments;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Experiments;

/// <summary>
/// A sweep stopped at any moment and resumed from its work folder ends with the records of an uninterrupted sweep,
/// bit for bit (trajectories, θ, stop reasons); finished runs are loaded, not recomputed.
/// </summary>
public sealed class SweepResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-sweep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<RunJob> Jobs(Func<RunSetup>? replaceBuild = null) =>
        new[] { 0.3, 0.1, 0.03 }.Select((scale, i) => new RunJob($"init={scale}", 4000, replaceBuild ?? (Func<RunSetup>)(() => RunSetup.From(new Problem(new SimulationSpec(
            new CpSpec([4, 4, 4], 6),
            new CpTarget(2, 7, 1),
            new MeasurementSpec(MeasurementKind.Completion, 40, 8, LossNormalization.Mean),
            new GaussianInitSpec(scale, InitScaleConvention.RmcEntryStd, 9 + i, Balanced: false),
            new GroupRmsPropSpec(1e-2, 0.99, 1e-6),
            new RunSpec(4000, 10, 1e-10, 5, 1e6),
            ["component-norms:3", "reconstruction-error"])))))).ToList();

    private sealed class CancelAfter(int reports, CancellationTokenSource source) : IExperimentProgress
    {
        private int _seen;
        public void Planned(string stage, IReadOnlyList<(string Key, long MaxSteps, bool Done)> runs) { }
        public void Report(string key, long iteration, double loss)
        {
            if (Interlocked.Increment(ref _seen) == reports) source.Cancel();
        }
        public void Finished(string key, string message) { }
        public void Note(string message) { }
    }

    private sealed class FirstReports : IExperimentProgress
    {
        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> First = new();
        public void Planned(string stage, IReadOnlyList<(string Key, long MaxSteps, bool Done)> runs) { }
        public void Report(string key, long iteration, double loss) => First.TryAdd(key, iteration);
        public void Finished(string key, string message) { }
        public void Note(string message) { }
    }

    private static void AssertIdentical(IReadOnlyList<RunRecord> expected, IReadOnlyList<RunRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (a, b) = (expected[i], actual[i]);
            Assert.Equal(a.Key, b.Key);
            Assert.Equal(a.Reason, b.Reason);
            Assert.Equal(a.Iteration, b.Iteration);
            Assert.Equal(a.Time, b.Time);
            Assert.Equal(a.Loss, b.Loss);
            Assert.Equal(a.Trajectory.Columns, b.Trajectory.Columns);
            Assert.True(a.Trajectory.Data.SequenceEqual(b.Trajectory.Data), $"run {a.Key}: the logged rows differ after resuming");
            Assert.True(a.FinalTheta.AsSpan().SequenceEqual(b.FinalTheta), $"run {a.Key}: the final θ differs after resuming");
        }
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 150)]
    [InlineData(2, 400)]
    public void AnInterruptedSweepResumesToTheUninterruptedRecords(int threads, int cancelAfterReports)
    {
        var reference = new ExperimentContext(executor: new ManagedRunExecutor(threads)).Run("reference", Jobs());

        using var cancel = new CancellationTokenSource();
        var interrupted = new ExperimentContext(_dir, new ManagedRunExecutor(threads), new CancelAfter(cancelAfterReports, cancel), cancel.Token, TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run("sweep", Jobs()));
        Assert.True(Directory.EnumerateDirectories(Path.Combine(_dir, "runs")).Any(), "the interrupted sweep left neither a checkpoint nor a finished run");

        var resumed = new ExperimentContext(_dir, new ManagedRunExecutor(threads)).Run("sweep", Jobs());
        AssertIdentical(reference, resumed);

        // Everything is finished now: a third pass loads the runs and never builds one.
        var loaded = new ExperimentContext(_dir, new ManagedRunExecutor(threads))
            .Run("sweep", Jobs(() => throw new InvalidOperationException("a finished run was recomputed")));
        AssertIdentical(reference, loaded);
    }

    [Fact]
    public void ASweepKilledInTheMiddleOfACheckpointSwapResumesToTheUninterruptedRecords()
    {
        var reference = new ExperimentContext(executor: new ManagedRunExecutor(1)).Run("reference", Jobs());

        using var cancel = new CancellationTokenSource();
        var interrupted = new ExperimentContext(_dir, new ManagedRunExecutor(1), new CancelAfter(550, cancel), cancel.Token, TimeSpan.FromMilliseconds(1));
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run("sweep", Jobs()));
        var runs = Path.Combine(_dir, "runs");
        var checkpoint = Directory.EnumerateDirectories(runs, "*.checkpoint").Single();
        var finished = Directory.EnumerateDirectories(runs).First(d => !d.EndsWith(".checkpoint", StringComparison.Ordinal));

        // What SimulationState.Save leaves when killed between its two renames (the previous checkpoint moved aside,
        // the new one complete but not yet in place), a half-written new checkpoint from an earlier kill, and a
        // half-written finished-run folder.
        Directory.Move(checkpoint, $"{checkpoint}.{Guid.NewGuid():N}.old");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory($"{checkpoint}.{Guid.NewGuid():N}.tmp").FullName, "state.json"), "{\"trunc");
        Directory.CreateDirectory($"{finished}.{Guid.NewGuid():N}.tmp");

        var iteration = SimulationState.Load(Directory.EnumerateDirectories(runs, "*.old").Single()).Iteration;
        _ = new RunStore(_dir);
        Assert.Equal(iteration, SimulationState.Load(checkpoint).Iteration);   // the previous checkpoint is back: progress kept

        var reports = new FirstReports();
        var resumed = new ExperimentContext(_dir, new ManagedRunExecutor(1), reports).Run("sweep", Jobs());
        AssertIdentical(reference, resumed);
        Assert.Equal(iteration, reports.First[Path.GetFileName(checkpoint)[..^".checkpoint".Length]]);   // progress starts where the checkpoint is
        Assert.DoesNotContain(Directory.EnumerateDirectories(runs), d => d.EndsWith(".tmp", StringComparison.Ordinal) || d.EndsWith(".old", StringComparison.Ordinal));
    }

    [Fact]
    public void ReusedRunsAreLoadedOnlyWhenTheyStartWhereTheJobStarts()
    {
        var source = Path.Combine(_dir, "source");
        var reference = new ExperimentContext(source, new ManagedRunExecutor(2)).Run("sweep", Jobs());

        var reusing = new ExperimentContext(Path.Combine(_dir, "a"), new ManagedRunExecutor(2), reuseDirectory: source);
        AssertIdentical(reference, reusing.Run("sweep", Jobs()));
        Assert.Equal(3, reusing.ReusedRuns);
        Assert.True(File.Exists(Path.Combine(_dir, "a", "runs", "init=0.3", "result.json")), "a reused run was not stored in the reusing folder");

        // Same keys, another init seed: refused, naming the run and the first column that differs at k = 0.
        static RunSetup OtherInit() => RunSetup.From(new Problem(new SimulationSpec(
            new CpSpec([4, 4, 4], 6), new CpTarget(2, 7, 1), new MeasurementSpec(MeasurementKind.Completion, 40, 8, LossNormalization.Mean),
            new GaussianInitSpec(0.3, InitScaleConvention.RmcEntryStd, 99, Balanced: false), new GroupRmsPropSpec(1e-2, 0.99, 1e-6),
            new RunSpec(4000, 10, 1e-10, 5, 1e6), ["component-norms:3", "reconstruction-error"])));
        var refused = new ExperimentContext(Path.Combine(_dir, "b"), new ManagedRunExecutor(2), reuseDirectory: source);
        var e = Assert.Throws<ReusedRunMismatchException>(() => refused.Run("sweep", Jobs(OtherInit)));
        Assert.Equal("init=0.3", e.Key);
        Assert.Contains("at k = 0 its loss is", e.Message);
    }

    [Fact]
    public void ACachedStepIsComputedOnceAndReadBackExactly()
    {
        int calls = 0;
        double[] Compute() { calls++; return [Math.PI, 1e-300, double.NaN, -0.1]; }
        var first = new ExperimentContext(_dir).Step("baseline", Compute);
        var second = new ExperimentContext(_dir).Step("baseline", Compute);
        Assert.Equal(1, calls);
        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void RunKeysThatCannotNameAFolderAreRefusedWithTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RunJob("a/b", 10, () => throw new InvalidOperationException()));
        Assert.Contains("'a/b'", ex.Message);
        var dup = Assert.Throws<ArgumentException>(() => new ExperimentContext().Run("s", [Jobs()[0], Jobs()[0]]));
        Assert.Contains("appears twice", dup.Message);
    }
}
