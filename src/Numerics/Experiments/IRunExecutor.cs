using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>A run still to compute, with the checkpoint it resumes from (null: from θ₀).</summary>
public sealed record PendingRun(RunJob Job, SimulationState? Checkpoint);

/// <summary>What an executor reports back: periodic checkpoints and finished runs (called from worker threads).</summary>
public interface IRunSink
{
    void Checkpoint(string key, SimulationState state);
    void Finished(RunRecord record);
    void Report(string key, long iteration, double loss);
}

/// <summary>
/// Runs the pending runs of a sweep to their end: the managed CPU path (<see cref="ManagedRunExecutor"/>, runs in
/// parallel on the available cores) or a device backend. Checkpoints at least every <c>checkpointInterval</c>;
/// on cancellation it checkpoints every unfinished run and throws <see cref="OperationCanceledException"/>.
/// </summary>
public interface IRunExecutor
{
    /// <summary>Which device ran, for every report (e.g. "managed CPU, 2 threads").</summary>
    string Device { get; }

    void Execute(IReadOnlyList<PendingRun> runs, IRunSink sink, TimeSpan checkpointInterval, CancellationToken cancellation);
}
