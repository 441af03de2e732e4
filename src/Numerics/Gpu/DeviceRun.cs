using System.Diagnostics;
using System.Globalization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The device form of <see cref="TrainingRun"/> for a batch of problems of one structure: the loop of theory.md §8.1 A
/// per problem, with per-problem stopping (a finished problem is frozen while the others go on). Rows are logged at
/// k ≡ 0 mod log interval exactly as <see cref="Recorder"/> does — device quantities from their programs, the others on
/// the host from the copied-back θ with the same <see cref="IQuantity"/> objects; the loss rule's patience is applied at
/// logged rows and the step-limit, time and divergence rules on the device. A batch larger than the device's memory is
/// split into chunks that run one after another (the same results: problems are independent); one that does not fit even
/// alone is refused with the sizes. <see cref="Checkpoint"/> gives each problem's <see cref="SimulationState"/>; runs
/// continued from those states end bit-identical to uninterrupted ones.
/// </summary>
public sealed class DeviceRun : IDisposable
{
    private sealed class Member(DeviceProblem problem, int index)
    {
        public DeviceProblem Problem { get; } = problem;
        public int Index { get; } = index;
        public RunStops Stops { get; } = RunStops.Of(problem.Rules);
        public Recorder Recorder { get; } = new(problem.LogEvery, problem.Quantities);
        public Objective? Objective { get; set; } = problem.Objective;
        public int ConsecutiveBelow { get; set; }
        public double? InitialLoss { get; set; }
        public RunResult? Result { get; set; }

        // The state while not in a live batch.
        public double[] Theta { get; set; } = problem.Theta0;
        public long Iteration { get; set; }
        public double Time { get; set; }
        public double Loss { get; set; } = double.NaN;
        public IOptimizer Optimizer { get; set; } = problem.Optimizer;
    }

    private readonly ComputeDevice _device;
    private readonly Member[] _members;
    private readonly List<Member[]> _chunks = [];
    private readonly DeviceProgram _program;
    private readonly bool[] _deviceQuantity;
    private BatchSimulation? _live;
    private int _liveChunk = -1;
    private int _stepsPerLaunch = 16;

    /// <summary>Target wall time of one launch: long enough to amortize a launch, short enough to notice cancellation.</summary>
    private static readonly TimeSpan LaunchTarget = TimeSpan.FromSeconds(0.25);

    public DeviceRun(ComputeDevice device, IReadOnlyList<DeviceProblem> problems, Precision precision = Precision.Float64)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (problems.Count == 0) throw new ArgumentException("A device run needs at least one problem.", nameof(problems));
        string key = problems[0].StructureKey;
        for (int i = 1; i < problems.Count; i++)
            if (problems[i].StructureKey != key)
                throw new ArgumentException($"Problem {i} ({problems[i].Model.Name}) has another structure than problem 0 ({problems[0].Model.Name}); group problems with DeviceRunner.", nameof(problems));
        _device = device;
        Precision = precision;
        _program = DeviceProgram.For(problems[0].Model, problems[0].Loss, problems[0].Quantities);
        _deviceQuantity = problems[0].Quantities.Select(q => _program.Quantities.Any(r => q is Specs.CatalogQuantity c && r.Name == c.Spec)).ToArray();
        _members = problems.Select((p, i) => new Member(p, i)).ToArray();
        if (_members.FirstOrDefault(m => m.Stops.StepLossRule is not null) is { } perStep)
            throw new ArgumentException($"Problem {perStep.Index}: a LossReaches rule is checked after every step, which a device launch of several steps cannot do; run it on the managed path.", nameof(problems));
        foreach (var m in _members)
        {
            if (m.Problem.Theta0.Length != _program.Parameters)
                throw new ArgumentException($"Problem {m.Index}: θ₀ has {m.Problem.Theta0.Length} entries, {m.Problem.Model.Name} has {_program.Parameters} parameters.", nameof(problems));
            if (m.Problem.Resume is { } state)
            {
                TrainingRun.Restore(state, m.Optimizer, m.Recorder);
                if (state.Theta.Length != _program.Parameters)
                    throw new ArgumentException($"Problem {m.Index}: the checkpoint's θ has {state.Theta.Length} entries, {m.Problem.Model.Name} has {_program.Parameters} parameters.", nameof(problems));
                m.Theta = state.Theta;
                m.Iteration = state.Iteration;
                m.Time = state.Time;
                m.InitialLoss = double.IsNaN(state.InitialLoss) ? null : state.InitialLoss;
                m.ConsecutiveBelow = state.ConsecutiveBelow;
            }
        }
        long fit = BatchSimulation.MaxProblems(_program, precision, device.MemoryBytes);
        if (fit < 1)
            throw new DeviceMemoryException(string.Create(CultureInfo.InvariantCulture,
                $"a batch of {problems.Count} problems ({problems[0].Model.Name}) needs {BatchSimulation.BytesNeeded(_program, precision, problems.Count):N0} bytes and even one problem needs {BatchSimulation.BytesNeeded(_program, precision, 1):N0}, but {device.Description} has {device.MemoryBytes:N0}."));
        for (int start = 0; start < _members.Length; start += (int)Math.Min(fit, int.MaxValue))
            _chunks.Add(_members[start..(int)Math.Min(_members.Length, start + fit)]);
    }

    public Precision Precision { get; }

    /// <summary>Which device ran (<see cref="ComputeDevice.Description"/>).</summary>
    public string Device => _device.Description;

    /// <summary>How many batches the problems were split into to fit the device's memory.</summary>
    public int Chunks => _chunks.Count;

    public DeviceProgram Program => _program;

    /// <summary>The logged rows of problem i so far.</summary>
    public Trajectory Trajectory(int i) => _members[i].Recorder.Trajectory;

    /// <summary>
    /// Runs every unfinished problem until its rules stop it or <paramref name="cancellation"/> is requested (checked
    /// between launches; then unfinished problems report <see cref="StopReason.Cancelled"/> and a later call continues).
    /// <paramref name="progress"/> is called at every logged row with the problem index.
    /// </summary>
    public IReadOnlyList<RunResult> Run(Action<int, RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        for (int c = 0; c < _chunks.Count; c++)
        {
            if (_chunks[c].All(m => m.Result is not null)) continue;
            if (cancellation.IsCancellationRequested) return Results();
            var batch = Start(c, progress);
            var chunk = _chunks[c];
            while (chunk.Any(m => m.Result is null))
            {
                if (cancellation.IsCancellationRequested) return Results();
                int steps = _stepsPerLaunch;
                foreach (var m in chunk)
                    if (m.Result is null) steps = (int)Math.Min(steps, m.Problem.LogEvery - batch.Iteration(m.Index - chunk[0].Index) % m.Problem.LogEvery);
                var clock = Stopwatch.StartNew();
                batch.Step(steps);
                Adapt(steps, clock.Elapsed);
                AfterLaunch(c, batch, progress);
            }
            Close();
        }
        return Results();
    }

    private void Adapt(int steps, TimeSpan elapsed)
    {
        if (steps < _stepsPerLaunch) return;
        if (elapsed < LaunchTarget / 2 && _stepsPerLaunch < 1 << 20) _stepsPerLaunch *= 2;
        else if (elapsed > LaunchTarget * 2 && _stepsPerLaunch > 1) _stepsPerLaunch /= 2;
    }

    private IReadOnlyList<RunResult> Results() =>
        _members.Select(m => m.Result ?? m.Stops.Cancelled(Iteration(m), Time(m), Loss(m))).ToArray();

    private int Slot(Member m) => m.Index - _chunks[_liveChunk][0].Index;
    private bool IsLive(Member m) => _liveChunk >= 0 && _chunks[_liveChunk].Contains(m);
    private long Iteration(Member m) => IsLive(m) ? _live!.Iteration(Slot(m)) : m.Iteration;
    private double Time(Member m) => IsLive(m) ? _live!.Time(Slot(m)) : m.Time;
    private double Loss(Member m) => IsLive(m) ? _live!.Loss(Slot(m)) : m.Loss;

    /// <summary>The live batch of chunk c (built on first use: θ, k, τ and optimizer state uploaded, ∇φ evaluated, due rows logged).</summary>
    private BatchSimulation Start(int c, Action<int, RunProgress>? progress)
    {
        if (_liveChunk == c) return _live!;
        Close();
        var chunk = _chunks[c];
        var members = chunk.Select(m => new BatchMember(m.Problem.Loss, m.Theta, m.Optimizer, m.Iteration, m.Time, m.Stops.MaxSteps, m.Stops.TimeLimit,
            CheckDivergence: true, m.Stops.DivergenceRule?.Factor ?? double.PositiveInfinity, m.InitialLoss)).ToArray();
        _live = new BatchSimulation(_device, _program, members, Precision);
        _liveChunk = c;
        foreach (var m in chunk)
        {
            m.InitialLoss ??= _live.InitialLoss(Slot(m));
            if (m.Result is not null) _live.Freeze(Slot(m));
        }
        // As TrainingRun.Run: log the current iterate when due and not logged yet (a fresh run's k = 0).
        var due = chunk.Where(m => m.Result is null && Iteration(m) % m.Problem.LogEvery == 0
                                   && !(m.Recorder.Trajectory.RowCount > 0 && m.Recorder.Trajectory.Row(m.Recorder.Trajectory.RowCount - 1)[0] == Iteration(m))).ToList();
        Log(due, progress);
        return _live;
    }

    /// <summary>Stopped problems get their results; due ones are logged (and may converge).</summary>
    private void AfterLaunch(int c, BatchSimulation batch, Action<int, RunProgress>? progress)
    {
        var due = new List<Member>();
        foreach (var m in _chunks[c])
        {
            if (m.Result is not null) continue;
            int b = Slot(m);
            long k = batch.Iteration(b);
            double tau = batch.Time(b), loss = batch.Loss(b);
            m.Result = batch.Status(b) switch
            {
                ProblemScalars.ReachedMaxSteps => m.Stops.ReachedMaxSteps(k, tau, loss),
                ProblemScalars.ReachedTime => m.Stops.ReachedTime(k, tau, loss),
                ProblemScalars.NonFiniteLoss => m.Stops.NonFinite(k, tau, loss),
                ProblemScalars.LossAboveFactor => m.Stops.AboveFactor(k, tau, loss, m.InitialLoss!.Value),
                _ => null,
            };
            if (m.Result is null && k % m.Problem.LogEvery == 0) due.Add(m);
        }
        Log(due, progress);
    }

    private void Log(IReadOnlyList<Member> due, Action<int, RunProgress>? progress)
    {
        if (due.Count == 0) return;
        var batch = _live!;
        int p = _program.Parameters;
        double[] outputs = _program.Quantities.Count > 0 ? batch.EvaluateQuantities() : [];
        int outputsPerProblem = _program.SegmentSizes[(int)Segment.Outputs];
        double[] thetas = _deviceQuantity.All(d => d) ? [] : batch.Thetas();
        foreach (var m in due)
        {
            int b = Slot(m);
            long k = batch.Iteration(b);
            double tau = batch.Time(b), loss = batch.Loss(b);
            var theta = thetas.Length == 0 ? ReadOnlySpan<double>.Empty : thetas.AsSpan(b * p, p);
            if (thetas.Length > 0 && m.Objective is null) m.Objective = new Objective(m.Problem.Model, m.Problem.Loss);
            m.Recorder.Record(k, tau, loss, theta, m.Objective, (i, columns) =>
            {
                if (!_deviceQuantity[i]) return false;
                var range = _program.Quantities.First(r => r.Name == ((Specs.CatalogQuantity)m.Problem.Quantities[i]).Spec);
                range.Finish(outputs.AsSpan(b * outputsPerProblem + range.Output.Offset, range.Output.Size), columns);
                return true;
            });
            progress?.Invoke(m.Index, new RunProgress(k, tau, loss));
            if (m.Stops.LossRule is null) continue;
            m.ConsecutiveBelow = m.Stops.NextConsecutiveBelow(m.ConsecutiveBelow, loss);
            if (!m.Stops.Converged(m.ConsecutiveBelow)) continue;
            m.Result = m.Stops.ConvergedResult(k, tau, loss);
            batch.Freeze(b);
        }
    }

    /// <summary>Copies the live batch's state back to its members and releases the device memory.</summary>
    private void Close()
    {
        if (_live is null) return;
        var thetas = _live.Thetas();
        int p = _program.Parameters;
        foreach (var m in _chunks[_liveChunk])
        {
            int b = Slot(m);
            m.Theta = thetas.AsSpan(b * p, p).ToArray();
            m.Iteration = _live.Iteration(b);
            m.Time = _live.Time(b);
            m.Loss = _live.Loss(b);
            if (m.Optimizer.StateLength == 1) m.Optimizer.ReadState([_live.SquareAverage(b)]);
        }
        _live.Dispose();
        _live = null;
        _liveChunk = -1;
    }

    /// <summary>The final θ of problem i (or its current θ when unfinished).</summary>
    public double[] Theta(int i)
    {
        var m = _members[i];
        if (!IsLive(m)) return (double[])m.Theta.Clone();
        int p = _program.Parameters;
        return _live!.Thetas().AsSpan(Slot(m) * p, p).ToArray();
    }

    /// <summary>Everything needed to continue problem i bit-identically (a never-started problem has initial loss NaN: it is evaluated on resume).</summary>
    public SimulationState Checkpoint(int i)
    {
        var m = _members[i];
        var optimizerState = new double[m.Optimizer.StateLength];
        if (IsLive(m) && optimizerState.Length == 1) optimizerState[0] = _live!.SquareAverage(Slot(m));
        else m.Optimizer.WriteState(optimizerState);
        var trajectory = m.Recorder.Trajectory;
        return new SimulationState(Theta(i), Iteration(m), Time(m), m.InitialLoss ?? double.NaN, m.ConsecutiveBelow, m.Optimizer.Name, optimizerState,
            m.Problem.LogEvery, [.. trajectory.Columns], trajectory.Data.ToArray());
    }

    /// <summary>Problem i's result (Cancelled while unfinished), rows, θ and checkpoint.</summary>
    public DeviceOutcome Outcome(int i) => new(Results()[i], _members[i].Recorder.Trajectory, Theta(i), Checkpoint(i));

    public void Dispose() => Close();
}
