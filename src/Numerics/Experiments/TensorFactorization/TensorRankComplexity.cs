using System.Diagnostics;
using ImplicitReg.Numerics.Data;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>
/// The TF-E3 runner (RMC21 "tensor rank as a measure of complexity"; theory.md §5.2): one <see cref="TfE3Run"/> per
/// call, optionally checkpointed to a folder (resumed from it when it holds a checkpoint of the same run; saved every
/// <c>checkpointInterval</c>, on cancellation and at the end, so calling again on a finished folder returns its result
/// at once). The sweep over <see cref="TfE3Config.Corpora"/> × <see cref="TfE3Config.Variants"/> × <see cref="TfE3Config.Ranks"/>
/// is the caller's (each run is independent; they may run in parallel, one thread each).
/// </summary>
public static class TensorRankComplexity
{
    public const string StateFile = "state.json";

    /// <param name="checkpointDirectory">A folder for this run's checkpoint (<see cref="SimulationState"/> layout), or null for none.</param>
    /// <param name="checkpointInterval">Wall time between checkpoints (default 30 s); checked at epoch ends.</param>
    /// <returns>The rows so far; <see cref="TfE3Result.Completed"/> is false when cancelled or diverged. Seconds: this call's wall time.</returns>
    public static TfE3Result Run(TfE3Config config, TfE3Dataset data, int rank, IProgress<TfE3Progress>? progress = null,
        CancellationToken cancellation = default, string? checkpointDirectory = null, TimeSpan? checkpointInterval = null)
    {
        var clock = Stopwatch.StartNew();
        if (checkpointDirectory is not null) SimulationState.RecoverInterruptedSave(checkpointDirectory);
        var run = checkpointDirectory is not null && File.Exists(Path.Combine(checkpointDirectory, StateFile))
            ? TfE3Run.Resume(SimulationState.Load(checkpointDirectory), config, data, rank)
            : new TfE3Run(config, data, rank);
        var interval = checkpointInterval ?? TimeSpan.FromSeconds(30);
        var lastSave = clock.Elapsed;
        int batches = run.Training.BatchesPerEpoch;
        while (!run.Completed && !run.Diverged && !cancellation.IsCancellationRequested)
        {
            long nextEpochEnd = (run.Training.Step / batches + 1) * batches;
            run.Run(progress, cancellation, stopAtStep: nextEpochEnd);
            if (checkpointDirectory is not null && clock.Elapsed - lastSave >= interval)
            {
                run.Checkpoint().Save(checkpointDirectory);
                lastSave = clock.Elapsed;
            }
        }
        if (checkpointDirectory is not null) run.Checkpoint().Save(checkpointDirectory);
        return run.Result(clock.Elapsed.TotalSeconds);
    }

    /// <summary>Whether <paramref name="checkpointDirectory"/> holds this run trained to its last epoch (nothing left to train).</summary>
    public static bool IsFinished(TfE3Config config, TfE3Dataset data, int rank, string? checkpointDirectory)
    {
        if (checkpointDirectory is null) return false;
        SimulationState.RecoverInterruptedSave(checkpointDirectory);
        return File.Exists(Path.Combine(checkpointDirectory, StateFile))
               && TfE3Run.Resume(SimulationState.Load(checkpointDirectory), config, data, rank).Completed;
    }

    /// <summary>The data sets of a configuration, one per (corpus, variant), from a data folder (see <see cref="BinaryImageCorpus.Load"/>).</summary>
    public static IEnumerable<TfE3Dataset> Datasets(TfE3Config config, string dataDirectory, bool verifyChecksums = true)
    {
        foreach (var corpus in config.Validated().Corpora)
        {
            var images = BinaryImageCorpus.Load(dataDirectory, corpus, verifyChecksums);
            foreach (var variant in config.Variants) yield return config.Dataset(images, variant);
        }
    }
}
