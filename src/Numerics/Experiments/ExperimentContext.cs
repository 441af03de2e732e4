using System.Collections.Concurrent;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// Where and how an experiment runs: the work folder that makes it resumable (null: in memory, nothing stored),
/// the executor (managed CPU in parallel, or a device), progress, cancellation, the checkpoint interval and the
/// data folder (TF-E3 reads MNIST / Fashion-MNIST from it; nothing is ever downloaded).
/// A run or cached step already finished in the work folder is loaded instead of recomputed, and a run with a
/// checkpoint continues from it; runs are bit-identical either way, so a stopped and resumed experiment ends with
/// the result of an uninterrupted one.
/// </summary>
public sealed class ExperimentContext
{
    private readonly RunStore? _store;
    private readonly RunStore? _reuse;
    private int _reused;

    public ExperimentContext(string? workDirectory = null, IRunExecutor? executor = null, IExperimentProgress? progress = null,
        CancellationToken cancellation = default, TimeSpan? checkpointInterval = null, string? dataDirectory = null, int parallelism = 0,
        string? reuseDirectory = null, bool finishedOnly = false)
    {
        if (finishedOnly && workDirectory is null) throw new ArgumentException("Drawing only from finished runs needs a work folder.", nameof(finishedOnly));
        FinishedOnly = finishedOnly;
        Parallelism = parallelism > 0 ? parallelism : executor is ManagedRunExecutor managed ? managed.Parallelism : Environment.ProcessorCount;
        _store = workDirectory is null ? null : new RunStore(workDirectory);
        _reuse = reuseDirectory is null ? null : RunStore.ReadOnly(reuseDirectory);
        Executor = executor ?? new ManagedRunExecutor(Environment.ProcessorCount);
        Progress = progress ?? SilentProgress.Instance;
        Cancellation = cancellation;
        CheckpointInterval = checkpointInterval ?? TimeSpan.FromSeconds(30);
        if (CheckpointInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(checkpointInterval), "The checkpoint interval must be positive.");
        DataDirectory = dataDirectory;
    }

    public IRunExecutor Executor { get; }

    /// <summary>Threads for work outside the executor (cached steps, runs with their own loop such as TF-E3's).</summary>
    public int Parallelism { get; }
    public IExperimentProgress Progress { get; }
    public CancellationToken Cancellation { get; }
    public TimeSpan CheckpointInterval { get; }
    public string? DataDirectory { get; }
    public string? WorkDirectory => _store?.Directory;

    /// <summary>
    /// Nothing is trained: every run must be finished in the work folder (<c>reproduce --redraw</c> redraws figures and
    /// summaries from stored runs); a sweep or an experiment's own loop that would train throws <see cref="UnfinishedRunException"/>.
    /// Cached post-processing steps missing from the folder are still computed.
    /// </summary>
    public bool FinishedOnly { get; }

    /// <summary>Finished runs taken from the reuse folder so far (each checked to be the run its job computes).</summary>
    public int ReusedRuns => _reused;

    private readonly List<string> _managedWork = [];

    /// <summary>
    /// Records work an experiment ran on the managed CPU path outside <see cref="Executor"/> (e.g. TF-E3's own training
    /// loop), so that a report made with a device executor says which parts did not run on the device.
    /// </summary>
    public void RanOnManagedPath(string what)
    {
        lock (_managedWork) if (!_managedWork.Contains(what)) _managedWork.Add(what);
    }

    /// <summary>Which device ran: the executor's, plus the managed path for the work recorded by <see cref="RanOnManagedPath"/>.</summary>
    public string Device
    {
        get
        {
            lock (_managedWork)
                return _managedWork.Count == 0 || Executor is ManagedRunExecutor
                    ? Executor.Device
                    : $"{Executor.Device}; managed CPU for {string.Join(", ", _managedWork)}";
        }
    }

    /// <summary>A folder of its own for run <paramref name="key"/> under the work folder (null in memory), for runs that checkpoint themselves.</summary>
    public string? RunDirectory(string key) => _store?.RunDirectory(key);

    /// <summary>
    /// Runs a sweep (in parallel on the executor) and returns the records in the order of <paramref name="jobs"/>.
    /// <paramref name="stage"/> names the sweep in progress output.
    /// </summary>
    public IReadOnlyList<RunRecord> Run(string stage, IReadOnlyList<RunJob> jobs)
    {
        var duplicate = jobs.GroupBy(j => j.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"run key '{duplicate.Key}' appears twice in '{stage}'.", nameof(jobs));
        Cancellation.ThrowIfCancellationRequested();
        var done = new ConcurrentDictionary<string, RunRecord>(StringComparer.Ordinal);
        var pending = new List<PendingRun>();
        var plan = new List<(string, long, bool)>();
        var reusedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (_store?.TryLoadFinished(job.Key) is { } finished)
            {
                done[job.Key] = finished;
                plan.Add((job.Key, finished.Iteration, true));
                continue;
            }
            if (_reuse?.TryLoadFinished(job.Key) is { } foreign)
            {
                ReusedRunCheck.RequireSameStart(job, foreign, _reuse.RunDirectory(job.Key));
                _store?.SaveFinished(foreign);
                _reused++;
                reusedKeys.Add(job.Key);
                done[job.Key] = foreign;
                plan.Add((job.Key, foreign.Iteration, true));
                continue;
            }
            var checkpoint = _store?.TryLoadCheckpoint(job.Key);
            pending.Add(new PendingRun(job, checkpoint));
            plan.Add((job.Key, job.MaxSteps, false));
        }
        if (FinishedOnly && pending.Count > 0) throw new UnfinishedRunException(_store!.Directory, [.. pending.Select(p => p.Job.Key)]);
        Progress.Planned(stage, plan);
        foreach (var r in done.Values)
            Progress.Finished(r.Key, reusedKeys.Contains(r.Key) ? $"reused the finished run of {_reuse!.Directory}" : "loaded finished run from the output folder");
        foreach (var p in pending)
            if (p.Checkpoint is { } state && Array.IndexOf(state.Columns, Recorder.LossColumn) is var column and >= 0 && state.Rows.Length >= state.Columns.Length)
                Progress.Report(p.Job.Key, state.Iteration, state.Rows[state.Rows.Length - state.Columns.Length + column]);
        if (pending.Count > 0)
            Executor.Execute(pending, new Sink(this, done), CheckpointInterval, Cancellation);
        return jobs.Select(j => done.TryGetValue(j.Key, out var r) ? r : throw new InvalidOperationException($"run '{j.Key}' did not finish.")).ToList();
    }

    /// <summary>A deterministic post-processing step (a baseline, a rank estimate) computed once and stored by key.</summary>
    public T Step<T>(string key, Func<T> compute)
    {
        Cancellation.ThrowIfCancellationRequested();
        if (_store is not null && _store.TryLoadStep<T>(key, out var stored)) return stored;
        var value = compute();
        _store?.SaveStep(key, value);
        return value;
    }

    /// <summary>Several such steps in parallel (each stored by its key as soon as it is done).</summary>
    public IReadOnlyList<T> Steps<T>(IReadOnlyList<string> keys, Func<int, T> compute, int parallelism = 0)
    {
        var results = new T[keys.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Parallelism, CancellationToken = Cancellation };
        Parallel.For(0, keys.Count, options, i =>
        {
            results[i] = Step(keys[i], () => compute(i));
            Progress.Note($"{keys[i]} done");
        });
        return results;
    }

    private sealed class Sink(ExperimentContext context, ConcurrentDictionary<string, RunRecord> done) : IRunSink
    {
        public void Checkpoint(string key, SimulationState state) => context._store?.SaveCheckpoint(key, state);

        public void Finished(RunRecord record)
        {
            context._store?.SaveFinished(record);
            done[record.Key] = record;
            context.Progress.Finished(record.Key, record.Message);
        }

        public void Report(string key, long iteration, double loss) => context.Progress.Report(key, iteration, loss);
    }
}
