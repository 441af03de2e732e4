using ImplicitReg.Numerics.IO;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// The training loop of theory.md §8.1 A: same seed ⇒ bit-identical θ and rows; a run stopped (cancelled or
/// by a step limit at any k), checkpointed to disk and resumed equals the uninterrupted run bit for bit;
/// stopping rules report why they fired; stepping allocates nothing.
/// </summary>
public sealed class TrainingRunTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"implicitreg-training-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static readonly FlowProblem Problem = FlowProblem.Create([3, 2, 4, 3], 11, sensing: false);

    private static IOptimizer Optimizer(bool rms) => rms ? new GroupRmsProp(0.01) : new GradientDescent(0.05);

    private static Recorder NewRecorder(int capacity = 64) =>
        new(7, [.. Balancedness.TraceQuantities(Problem.Model), new Quantity("norm", (theta, _) => System.Numerics.Tensors.TensorPrimitives.Norm(theta))], capacity);

    private static readonly StoppingRule[] Rules = [new MaxSteps(300), new LossBelow(1e-30, 3), new Divergence(1e3)];

    private static TrainingRun NewRun(bool rms) =>
        new(new Simulation(Problem.NewObjective(), Optimizer(rms), Problem.Theta0), NewRecorder(), Rules);

    private static long[] Bits(ReadOnlySpan<double> xs)
    {
        var bits = new long[xs.Length];
        for (int i = 0; i < xs.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(xs[i]);
        return bits;
    }

    private static void AssertIdentical(TrainingRun expected, TrainingRun actual)
    {
        Assert.Equal(expected.Simulation.Iteration, actual.Simulation.Iteration);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Simulation.Time), BitConverter.DoubleToInt64Bits(actual.Simulation.Time));
        Assert.Equal(Bits(expected.Simulation.Theta), Bits(actual.Simulation.Theta));
        Assert.Equal(expected.Recorder.Trajectory.Columns, actual.Recorder.Trajectory.Columns);
        Assert.Equal(Bits(expected.Recorder.Trajectory.Data), Bits(actual.Recorder.Trajectory.Data));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SameSeedGivesBitIdenticalRuns(bool rms)
    {
        var a = NewRun(rms);
        var b = new TrainingRun(new Simulation(FlowProblem.Create([3, 2, 4, 3], 11, sensing: false).NewObjective(), Optimizer(rms),
            FlowProblem.Create([3, 2, 4, 3], 11, sensing: false).Theta0), NewRecorder(), Rules);
        Assert.Equal(StopReason.MaxSteps, a.Run().Reason);
        Assert.Equal(StopReason.MaxSteps, b.Run().Reason);
        AssertIdentical(a, b);
        Assert.Equal(1 + 300 / 7, a.Recorder.Trajectory.RowCount);
    }

    private sealed class CancelAt(CancellationTokenSource source, long iteration) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.Iteration >= iteration) source.Cancel();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResumingACancelledCheckpointEqualsTheUninterruptedRun(bool rms)
    {
        var uninterrupted = NewRun(rms);
        uninterrupted.Run();

        var first = NewRun(rms);
        using var cts = new CancellationTokenSource();
        var stopped = first.Run(new CancelAt(cts, 120), cts.Token);
        Assert.Equal(StopReason.Cancelled, stopped.Reason);
        Assert.Equal(126, stopped.Iteration);
        first.Checkpoint().Save(_dir);

        var resumed = TrainingRun.Resume(SimulationState.Load(_dir), Problem.NewObjective(), Optimizer(rms), NewRecorder(), Rules);
        Assert.Equal(StopReason.MaxSteps, resumed.Run().Reason);
        AssertIdentical(uninterrupted, resumed);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 100)]
    [InlineData(true, 299)]
    public void ResumingAStepLimitedCheckpointEqualsTheUninterruptedRun(bool rms, long stopAt)
    {
        var uninterrupted = NewRun(rms);
        uninterrupted.Run();

        var first = new TrainingRun(new Simulation(Problem.NewObjective(), Optimizer(rms), Problem.Theta0), NewRecorder(), new MaxSteps(stopAt));
        Assert.Equal(StopReason.MaxSteps, first.Run().Reason);
        first.Checkpoint().Save(_dir);
        first.Checkpoint().Save(_dir);   // overwrite in place

        var resumed = TrainingRun.Resume(SimulationState.Load(_dir), Problem.NewObjective(), Optimizer(rms), NewRecorder(), Rules);
        resumed.Run();
        AssertIdentical(uninterrupted, resumed);
        Assert.Equal([Path.GetFileName(_dir)], Directory.GetFileSystemEntries(Path.GetDirectoryName(_dir)!, Path.GetFileName(_dir) + "*").Select(Path.GetFileName));
    }

    [Fact]
    public void ResumeRejectsADifferentOptimizer()
    {
        var run = NewRun(rms: true);
        var state = run.Checkpoint();
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Resume(state, Problem.NewObjective(), new GroupRmsProp(0.02), NewRecorder(), Rules));
        Assert.Contains("GroupRMSprop(lr=0.01", e.Message);
    }

    [Fact]
    public void StoppingRulesReportTheirReason()
    {
        var converged = new TrainingRun(new Simulation(Problem.NewObjective(), new GradientDescent(0.05), Problem.Theta0), NewRecorder(), new LossBelow(1e9, 3)).Run();
        Assert.Equal(StopReason.Converged, converged.Reason);
        Assert.Equal(14, converged.Iteration);   // rows at k = 0, 7, 14
        Assert.IsType<LossBelow>(converged.Rule);

        var time = new TrainingRun(new Simulation(Problem.NewObjective(), new GradientDescent(0.05), Problem.Theta0), NewRecorder(), new TimeReached(1.0)).Run();
        Assert.Equal(StopReason.TimeReached, time.Reason);
        Assert.True(time.Time >= 1.0 && time.Time < 1.0 + 0.05 + 1e-12, time.Message);

        var diverged = new TrainingRun(new Simulation(Problem.NewObjective(), new GradientDescent(50), Problem.Theta0), NewRecorder(), new Divergence(10), new MaxSteps(1000)).Run();
        Assert.Equal(StopReason.Diverged, diverged.Reason);
        Assert.IsType<Divergence>(diverged.Rule);
        Assert.True(!double.IsFinite(diverged.Loss) || diverged.Loss > 10 * Problem.NewObjective().Value(Problem.Theta0), diverged.Message);

        var blowUp = new TrainingRun(new Simulation(Problem.NewObjective(), new GradientDescent(50), Problem.Theta0), NewRecorder(), new MaxSteps(10_000)).Run();
        Assert.Equal(StopReason.Diverged, blowUp.Reason);
        Assert.False(double.IsFinite(blowUp.Loss));
    }

    [Fact]
    public void LossReachesStopsAtTheFirstStepWithLossAtMostTheThresholdNotAtALoggedRow()
    {
        // ACHL19 main.py checks train_thres every iteration: the run ends at the first iterate with φ ≤ threshold.
        var reference = new Simulation(Problem.NewObjective(), new GradientDescent(0.05), Problem.Theta0);
        var losses = new List<double>();
        for (int k = 0; k <= 300; k++, reference.Step()) losses.Add(reference.Loss);
        // The threshold: the loss at the first step off the logging grid (k ≢ 0 mod 7) below 30% of the initial loss.
        int target = Enumerable.Range(1, 300).First(k => k % 7 != 0 && losses[k] <= 0.3 * losses[0]);
        double threshold = losses[target];
        int first = losses.FindIndex(l => l <= threshold);
        Assert.Equal(target, first);   // GD decreases the loss monotonically here

        var run = new TrainingRun(new Simulation(Problem.NewObjective(), new GradientDescent(0.05), Problem.Theta0), NewRecorder(), new LossReaches(threshold), new MaxSteps(300));
        var result = run.Run();
        Assert.Equal(StopReason.Converged, result.Reason);
        Assert.IsType<LossReaches>(result.Rule);
        Assert.Equal(first, result.Iteration);
        Assert.Equal(losses[first], result.Loss);
        Assert.Equal(first / 7 + 1, run.Recorder.Trajectory.RowCount);   // rows only at k ≡ 0 mod 7, none added at the stop

        var again = run.Run();   // a run that reached the threshold stays stopped
        Assert.Equal(first, again.Iteration);
    }

    [Fact]
    public void TrajectoryRecordsIterationTimeAndLossAndWritesCsv()
    {
        var run = new TrainingRun(new Simulation(Problem.NewObjective(), new GroupRmsProp(0.01), Problem.Theta0), NewRecorder(), new MaxSteps(50));
        run.Run();
        var t = run.Recorder.Trajectory;
        Assert.Equal(["k", "tau", "loss", "trC1", "trC2", "norm"], t.Columns);
        Assert.Equal([0.0, 7, 14, 21, 28, 35, 42, 49], t.Column("k"));
        Assert.Equal(Problem.NewObjective().Value(Problem.Theta0), t[0, "loss"]);
        Assert.True(t.Column("tau").Zip(t.Column("tau").Skip(1)).All(p => p.First < p.Second));

        var path = Path.Combine(_dir, "trajectory.csv");
        CsvTable.Write(path, t);
        var (columns, rows) = CsvTable.Read(path);
        Assert.Equal(t.Columns, columns);
        Assert.Equal(Bits(t.Data), Bits(rows));
    }

    [Fact]
    public void SteppingAndIntegratingAllocateNothing()
    {
        var objective = Problem.NewObjective();
        foreach (var optimizer in new IOptimizer[] { new GradientDescent(0.01), new GroupRmsProp(0.01) })
        {
            var sim = new Simulation(objective, optimizer, Problem.Theta0);
            for (int k = 0; k < 100; k++) sim.Step();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 1000; k++) sim.Step();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        var rk = new RungeKutta4(objective, Problem.Theta0, 0.01);
        rk.IntegrateTo(0.1);
        long rkBefore = GC.GetAllocatedBytesForCurrentThread();
        rk.IntegrateTo(5);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - rkBefore);

        var dp = new DormandPrince(objective, Problem.Theta0, 1e-10, 1e-12);
        dp.IntegrateTo(0.1);
        long dpBefore = GC.GetAllocatedBytesForCurrentThread();
        dp.IntegrateTo(5);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - dpBefore);
        Assert.Equal(5.0, dp.Time);
    }

    [Fact]
    public void RunAllocationDoesNotGrowWithSteps()
    {
        long Allocated(long steps)
        {
            var run = new TrainingRun(new Simulation(Problem.NewObjective(), new GroupRmsProp(0.001), Problem.Theta0), NewRecorder(capacity: 1100), new MaxSteps(steps));
            long before = GC.GetAllocatedBytesForCurrentThread();
            run.Run();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(700);
        long small = Allocated(70), large = Allocated(7000);
        // Only the result's message grows (by the extra digits of k and τ).
        Assert.True(large - small <= 64, $"{small} bytes for 70 steps, {large} for 7000");
    }

    [Fact]
    public void DormandPrinceLandsExactlyOnTheRequestedTime()
    {
        var dp = new DormandPrince(Problem.NewObjective(), Problem.Theta0, 1e-8, 1e-10);
        foreach (var tau in new[] { 0.1, 0.3333333333333333, 1.0, Math.PI })
        {
            dp.IntegrateTo(tau);
            Assert.Equal(tau, dp.Time);
        }
        Assert.True(dp.RejectedSteps >= 0 && dp.AcceptedSteps > 0);
        var tight = new DormandPrince(Problem.NewObjective(), Problem.Theta0, 1e-12, 1e-14, maxSteps: 5);
        var e = Assert.Throws<InvalidOperationException>(() => tight.IntegrateTo(100));
        Assert.Contains("5 steps", e.Message);
    }
}
