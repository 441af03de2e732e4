using ImplicitReg.Numerics.Experiments;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// A reproduction sweep on the ILGPU backend: the runs the device has programs for (deep MF, CP and HTF on full-batch
/// completion or sensing losses) go to <see cref="DeviceRunner"/>-style batches grouped by structure, with per-problem
/// stopping and checkpoints in the same <see cref="SimulationState"/> format as the managed path (a sweep interrupted on
/// one path can resume on either); the others (deep Tucker, minibatch objectives) run on the managed path, which the
/// report names. Runs resume bit-identically on the device that started them.
/// </summary>
public sealed class DeviceRunExecutor(ComputeDevice device, Precision precision, ManagedRunExecutor fallback) : IRunExecutor
{
    private readonly HashSet<string> _fallbackReasons = [];

    public string Device => _fallbackReasons.Count == 0
        ? $"{device.Description} ({Describe(precision)})"
        : $"{device.Description} ({Describe(precision)}); {fallback.Device} for runs the device has no program for ({string.Join("; ", _fallbackReasons.Order())})";

    public void Execute(IReadOnlyList<PendingRun> runs, IRunSink sink, TimeSpan checkpointInterval, CancellationToken cancellation)
    {
        var onDevice = new List<(PendingRun Run, DeviceProblem Problem)>();
        var managed = new List<PendingRun>();
        foreach (var run in runs)
        {
            var setup = run.Job.Build();
            string? reason = setup.Objective.Minibatches is not null ? "minibatch objectives"
                : setup.Rules.Any(r => r is LossReaches) ? "a loss threshold checked every step"
                : Unsupported(setup);
            if (reason is null)
                onDevice.Add((run, new DeviceProblem(setup.Objective.Model, setup.Objective.Loss, setup.InitialTheta, setup.NewOptimizer(), setup.LogEvery,
                    setup.Quantities, setup.Rules, run.Checkpoint, setup.Objective)));
            else
            {
                lock (_fallbackReasons) _fallbackReasons.Add(reason);
                managed.Add(run);
            }
        }
        foreach (var group in onDevice.GroupBy(p => p.Problem.StructureKey))
            RunBatch(group.ToList(), sink, checkpointInterval, cancellation);
        if (managed.Count > 0) fallback.Execute(managed, sink, checkpointInterval, cancellation);
    }

    private void RunBatch(List<(PendingRun Run, DeviceProblem Problem)> batch, IRunSink sink, TimeSpan checkpointInterval, CancellationToken cancellation)
    {
        using var run = new DeviceRun(device, batch.Select(b => b.Problem).ToArray(), precision);
        var finished = new bool[batch.Count];
        while (true)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timer.CancelAfter(checkpointInterval);
            var results = run.Run((i, p) => sink.Report(batch[i].Run.Job.Key, p.Iteration, p.Loss), timer.Token);
            for (int i = 0; i < batch.Count; i++)
            {
                if (finished[i]) continue;
                var key = batch[i].Run.Job.Key;
                if (results[i].Reason == StopReason.Cancelled)
                {
                    sink.Checkpoint(key, run.Checkpoint(i));
                    continue;
                }
                finished[i] = true;
                var outcome = run.Outcome(i);
                sink.Finished(new RunRecord(key, outcome.Trajectory, outcome.Result.Reason, outcome.Result.Iteration, outcome.Result.Time,
                    outcome.Result.Loss, outcome.Result.Message, outcome.Theta));
            }
            if (finished.All(f => f)) return;
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private static string? Unsupported(RunSetup setup)
    {
        try
        {
            DeviceProgram.StructureKey(setup.Objective.Model, setup.Objective.Loss, setup.Quantities);
            DeviceProgram.For(setup.Objective.Model, setup.Objective.Loss, setup.Quantities);
            return null;
        }
        catch (ArgumentException)
        {
            return setup.Objective.Model.GetType().Name;
        }
    }

    private static string Describe(Precision p) => p == Precision.Float32 ? "float32" : "float64";
}
