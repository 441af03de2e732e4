using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// The device runner is the managed <see cref="TrainingRun"/> for a batch: the same stop reasons at the same k per problem
/// (converged, step limit, τ limit, divergence) with finished problems frozen while others go on, the same logged rows
/// (device quantities and host quantities), checkpoints that resume bit-identically, the same bits for the same batch
/// whatever the group size or memory chunking, and clear failures for a batch too large and for a failing kernel.
/// </summary>
[Collection("Gpu")]
public sealed class DeviceRunTests(DeviceFixture fixture) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"implicitreg-gpu-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static Problem Cp(int seed, OptimizerSpec optimizer, long maxSteps = 300, double? threshold = null, double divergence = 1e6, int logEvery = 20) =>
        new(new SimulationSpec(new CpSpec([3, 3, 3], 3), new CpTarget(2, seed, 1), new MeasurementSpec(MeasurementKind.Completion, 14, seed + 1, LossNormalization.Mean),
            new GaussianInitSpec(0.5, InitScaleConvention.RmcEntryStd, seed + 2, false), optimizer, new RunSpec(maxSteps, logEvery, threshold, 2, divergence),
            ["component-norms:2", "balancedness", "reconstruction-error"]));

    private static Problem DeepMf(int seed, bool sensing) =>
        new(new SimulationSpec(new DeepMatrixSpec([3, 3, 3, 3]), new LowRankMatrixTarget(1, seed, 1),
            new MeasurementSpec(sensing ? MeasurementKind.Sensing : MeasurementKind.Completion, sensing ? 5 : 6, seed + 1, LossNormalization.HalfSum),
            new GaussianInitSpec(0.6, InitScaleConvention.Rc20LayerStd, seed + 2, false), new GradientDescentSpec(0.02), new RunSpec(150, 10, null, 1, 1e6),
            ["balancedness", "det", "singular-values:2", "effective-rank"]));

    private static Problem Htf(int seed) =>
        new(new SimulationSpec(new HierarchicalSpec([2, 3, 2, 2], "((0,2),(1,3))", 2), new HtTarget("checkerboard", 1, seed, 1),
            new MeasurementSpec(MeasurementKind.Completion, 12, seed + 1, LossNormalization.Mean), new GaussianInitSpec(0.6, InitScaleConvention.RmcEntryStd, seed + 2, false),
            new GroupRmsPropSpec(0.005, 0.99, 1e-6), new RunSpec(120, 15, null, 1, 1e6), ["local-component-norms:2", "reconstruction-error"]));

    /// <summary>max over rows and columns of |a − b| / max(1e-300, max |column of b|).</summary>
    private static double RowsDifference(Trajectory device, Trajectory managed)
    {
        Assert.Equal(managed.Columns, device.Columns);
        Assert.Equal(managed.RowCount, device.RowCount);
        double worst = 0;
        foreach (var column in managed.Columns)
        {
            var a = device.Column(column);
            var b = managed.Column(column);
            worst = Math.Max(worst, DeviceAgreementProperties.Relative(a, b));
        }
        return worst;
    }

    /// <summary>A stop message with its numbers blanked (a diverging loss agrees to rounding only).</summary>
    private static string Wording(string message) => System.Text.RegularExpressions.Regex.Replace(message, @"-?\d[\d.eE+-]*", "#");

    private static long[] Bits(ReadOnlySpan<double> xs) => xs.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void EachProblemStopsAndLogsAsItsManagedRun()
    {
        var problems = new[]
        {
            Cp(1, new GradientDescentSpec(0.2), threshold: 1e-2),                       // converges (k = 220, patience 2)
            Cp(2, new GroupRmsPropSpec(0.01, 0.99, 1e-6), maxSteps: 140),              // step limit, off the log grid
            Cp(3, new GradientDescentSpec(40), divergence: 1e3),                       // diverges
            Cp(4, new GradientDescentSpec(0.05)),                                      // step limit on the log grid
        };
        var deviceProblems = problems.Select(p => DeviceProblem.From(p)).ToList();
        deviceProblems.Add(DeviceProblem.From(Cp(5, new GradientDescentSpec(0.05))) with { Rules = [new MaxSteps(300), new TimeReached(3.333)] });
        using var run = new DeviceRun(fixture.Device, deviceProblems);
        var results = run.Run();
        var expected = problems.Select(p => p.NewRun()).ToList();
        var timed = Cp(5, new GradientDescentSpec(0.05));
        expected.Add(new TrainingRun(new Simulation(timed.Objective, new GradientDescent(0.05), timed.InitialTheta), new Recorder(20, timed.Quantities),
            new MaxSteps(300), new TimeReached(3.333)));
        var reasons = new List<StopReason>();
        for (int i = 0; i < expected.Count; i++)
        {
            var managed = expected[i].Run();
            reasons.Add(managed.Reason);
            Assert.Equal(managed.Reason, results[i].Reason);
            Assert.Equal(managed.Iteration, results[i].Iteration);
            Assert.Equal(Wording(managed.Message), Wording(results[i].Message));
            double rows = RowsDifference(run.Trajectory(i), expected[i].Recorder.Trajectory);
            Assert.True(rows <= 1e-9, $"problem {i}: logged rows differ by {rows:0.0e+0} (relative to each column's largest value)");
        }
        Assert.Equal([StopReason.Converged, StopReason.MaxSteps, StopReason.Diverged, StopReason.MaxSteps, StopReason.TimeReached], reasons);
    }

    [Fact]
    public void ProblemsOfSeveralStructuresRunInTheirOwnBatchesAndComeBackInOrder()
    {
        var problems = new[] { DeepMf(1, false), Htf(2), DeepMf(3, true), DeepMf(4, false), Htf(5) };
        var outcomes = DeviceRunner.Run(fixture.Device, problems);
        for (int i = 0; i < problems.Length; i++)
        {
            var managed = problems[i].NewRun();
            var result = managed.Run();
            Assert.Equal(result.Reason, outcomes[i].Result.Reason);
            Assert.Equal(result.Iteration, outcomes[i].Result.Iteration);
            double rows = RowsDifference(outcomes[i].Trajectory, managed.Recorder.Trajectory);
            Assert.True(rows <= 1e-9, $"problem {i} ({problems[i].Model.Name}): logged rows differ by {rows:0.0e+0}");
            double theta = DeviceAgreementProperties.Relative(outcomes[i].Theta, managed.Simulation.Theta);
            Assert.True(theta <= 1e-10, $"problem {i}: final θ differs by {theta:0.0e+0}");
        }
    }

    internal static DeviceProblem[] Batch() =>
    [
        DeviceProblem.From(Cp(11, new GroupRmsPropSpec(0.01, 0.9, 1e-4), maxSteps: 200)),
        DeviceProblem.From(Cp(12, new GradientDescentSpec(0.04), maxSteps: 200)),
        DeviceProblem.From(Cp(13, new GradientDescentSpec(0.03), maxSteps: 200, threshold: 1e-2)),
        DeviceProblem.From(Cp(14, new GroupRmsPropSpec(0.02, 0.99, 1e-6), maxSteps: 200)),
        DeviceProblem.From(Cp(15, new GradientDescentSpec(0.05), maxSteps: 200)),
    ];

    private static void AssertIdentical(IReadOnlyList<DeviceOutcome> expected, IReadOnlyList<DeviceOutcome> actual)
    {
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Result, actual[i].Result);
            Assert.Equal(Bits(expected[i].Theta), Bits(actual[i].Theta));
            Assert.Equal(Bits(expected[i].Trajectory.Data), Bits(actual[i].Trajectory.Data));
        }
    }

    [Fact]
    public void SameBatchGivesBitIdenticalRunsWhateverTheGroupSizeAndMemoryChunking()
    {
        var reference = DeviceRunner.Run(fixture.Device, Batch());
        AssertIdentical(reference, DeviceRunner.Run(fixture.Device, Batch()));

        var program = DeviceProgram.For(Batch()[0].Model, Batch()[0].Loss, Batch()[0].Quantities);
        long twoProblems = BatchSimulation.BytesNeeded(program, Precision.Float64, 2);
        using (var small = ComputeDevice.Open(DeviceKind.Cpu, options: new DeviceOptions(MemoryBytes: twoProblems)))
        using (var run = new DeviceRun(small, Batch()))
        {
            Assert.Equal(3, run.Chunks);
            run.Run();
            AssertIdentical(reference, Enumerable.Range(0, 5).Select(run.Outcome).ToArray());
        }
        foreach (int groupSize in new[] { 3, 4 })
        {
            using var grouped = ComputeDevice.Open(DeviceKind.Cpu, options: new DeviceOptions(GroupSize: groupSize, CpuMaxGroupSize: 4));
            Assert.Contains($"groups of {groupSize}", grouped.Description);
            AssertIdentical(reference, DeviceRunner.Run(grouped, Batch()));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(77)]
    [InlineData(160)]
    public void ResumingDeviceCheckpointsEqualsTheUninterruptedRun(long stopAt)
    {
        var reference = DeviceRunner.Run(fixture.Device, Batch());
        var first = Batch().Select(p => p with { Rules = [.. p.Rules.Where(r => r is not MaxSteps), new MaxSteps(stopAt)] }).ToArray();
        var stopped = DeviceRunner.Run(fixture.Device, first);
        for (int i = 0; i < stopped.Count; i++) stopped[i].State.Save(Path.Combine(_dir, $"p{i}"));
        var resumed = Batch().Select((p, i) => p with { Resume = SimulationState.Load(Path.Combine(_dir, $"p{i}")) }).ToArray();
        var outcomes = DeviceRunner.Run(fixture.Device, resumed);
        for (int i = 0; i < outcomes.Count; i++)
        {
            // A problem that converged before stopAt resumes converged but steps on, as TrainingRun.Resume does: compare the others.
            if (reference[i].Result.Iteration <= stopAt) continue;
            Assert.Equal(reference[i].Result, outcomes[i].Result);
            Assert.Equal(Bits(reference[i].Theta), Bits(outcomes[i].Theta));
            Assert.Equal(Bits(reference[i].Trajectory.Data), Bits(outcomes[i].Trajectory.Data));
        }
    }

    [Fact]
    public void ACancelledRunCheckpointsAndContinuesToTheUninterruptedResult()
    {
        var reference = DeviceRunner.Run(fixture.Device, Batch());
        using var cts = new CancellationTokenSource();
        using var run = new DeviceRun(fixture.Device, Batch());
        var partial = run.Run((i, p) => { if (p.Iteration >= 100) cts.Cancel(); }, cts.Token);
        Assert.Contains(partial, r => r.Reason == StopReason.Cancelled);
        var states = Enumerable.Range(0, 5).Select(run.Checkpoint).ToArray();
        run.Run();
        AssertIdentical(reference, Enumerable.Range(0, 5).Select(run.Outcome).ToArray());
        var resumed = DeviceRunner.Run(fixture.Device, Batch().Select((p, i) => p with { Resume = states[i] }).ToArray());
        for (int i = 0; i < 5; i++)
            if (reference[i].Result.Reason != StopReason.Converged || reference[i].Result.Iteration > states[i].Iteration)
                Assert.Equal(Bits(reference[i].Theta), Bits(resumed[i].Theta));
    }

    [Fact]
    public void ABatchThatDoesNotFitEvenOneProblemAtATimeIsRefusedWithTheSizes()
    {
        using var tiny = ComputeDevice.Open(DeviceKind.Cpu, options: new DeviceOptions(MemoryBytes: 4096));
        var e = Assert.Throws<DeviceMemoryException>(() => new DeviceRun(tiny, Batch()));
        Assert.Contains("a batch of 5 problems", e.Message);
        Assert.Contains("bytes", e.Message);
        Assert.Contains("4,096", e.Message);
        Assert.Contains("ILGPU CPU accelerator", e.Message);
    }

    [Fact]
    public void AFailingKernelIsReportedWithTheDeviceAndTheKernel()
    {
        using var misconfigured = ComputeDevice.Open(DeviceKind.Cpu, options: new DeviceOptions(GroupSize: 8, CpuMaxGroupSize: 2));
        var p = Batch()[0];
        var e = Assert.Throws<DeviceKernelException>(() =>
            new BatchSimulation(misconfigured, DeviceProgram.For(p.Model, p.Loss, []), [new BatchMember(p.Loss, p.Theta0, p.Optimizer)]));
        Assert.Contains("ILGPU CPU accelerator", e.Message);
        Assert.Contains("ProgramKernels.Evaluate<Double>", e.Message);
    }

    [Fact]
    public void GpuWithoutCudaFallsBackToTheCpuAcceleratorWithANotice()
    {
        var notices = new StringWriter();
        using var device = ComputeDevice.Open(DeviceKind.Gpu, notices);
        if (device.IsCuda)
        {
            Assert.Equal("", notices.ToString());
            Assert.StartsWith("CUDA ", device.Description);
            return;
        }
        Assert.Equal("notice: --device gpu: no CUDA device found; running on the ILGPU CPU accelerator instead." + Environment.NewLine, notices.ToString());
        Assert.StartsWith("ILGPU CPU accelerator (fallback: no CUDA device;", device.Description);
        using var cpu = ComputeDevice.Open(DeviceKind.Cpu, notices);
        Assert.StartsWith("ILGPU CPU accelerator (", cpu.Description);
        Assert.DoesNotContain("fallback", cpu.Description);
    }
}
