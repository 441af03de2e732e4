using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// The managed CPU path: each run is a <see cref="TrainingRun"/> on its own objective, runs go in parallel on
/// <see cref="Parallelism"/> threads. A run's result does not depend on scheduling (each run is sequential and
/// seeded), so a sweep is deterministic.
/// </summary>
public sealed class ManagedRunExecutor(int parallelism) : IRunExecutor
{
    public int Parallelism { get; } = parallelism >= 1 ? parallelism : throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "At least one thread.");

    public string Device => $"managed CPU ({Parallelism} thread{(Parallelism == 1 ? "" : "s")})";

    public void Execute(IReadOnlyList<PendingRun> runs, IRunSink sink, TimeSpan checkpointInterval, CancellationToken cancellation)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism };
        try
        {
            Parallel.ForEach(runs, options, pending => RunOne(pending, sink, checkpointInterval, cancellation));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            throw new OperationCanceledException("The sweep was cancelled; unfinished runs were checkpointed.", ex, cancellation);
        }
    }

    private static void RunOne(PendingRun pending, IRunSink sink, TimeSpan checkpointInterval, CancellationToken cancellation)
    {
        var key = pending.Job.Key;
        var setup = pending.Job.Build();
        var run = pending.Checkpoint is { } state ? setup.Resume(state) : setup.NewRun();
        var progress = new Progress(key, sink);
        while (true)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timer.CancelAfter(checkpointInterval);
            var result = run.Run(progress, timer.Token);
            if (result.Reason != StopReason.Cancelled)
            {
                sink.Finished(RunRecord.From(key, run, result));
                return;
            }
            sink.Checkpoint(key, run.Checkpoint());
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private sealed class Progress(string key, IRunSink sink) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => sink.Report(key, value.Iteration, value.Loss);
    }
}
