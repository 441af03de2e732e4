using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Drives a <see cref="Simulation"/> with a <see cref="Recorder"/> under <see cref="StoppingRule"/>s — the loop
/// of theory.md §8.1 A. Rows are logged only at k ≡ 0 mod interval (never an extra final row), and the loss
/// rule's patience counter and the initial loss are part of the run's state, so a run stopped at any k,
/// checkpointed and resumed produces bit-identical θ and rows to one that never stopped.
/// The stepping loop allocates nothing beyond the objective, the optimizer and the quantities.
/// </summary>
public sealed class TrainingRun
{
    private readonly RunStops _stops;

    public TrainingRun(Simulation simulation, Recorder recorder, params StoppingRule[] rules)
        : this(simulation, recorder, rules, simulation.Loss, 0) { }

    private TrainingRun(Simulation simulation, Recorder recorder, StoppingRule[] rules, double initialLoss, int consecutiveBelow)
    {
        Simulation = simulation;
        Recorder = recorder;
        Rules = [.. rules];
        InitialLoss = initialLoss;
        ConsecutiveBelow = consecutiveBelow;
        _stops = RunStops.Of(rules);
    }

    public Simulation Simulation { get; }
    public Recorder Recorder { get; }
    public IReadOnlyList<StoppingRule> Rules { get; }

    /// <summary>φ(θ_0), the reference of the <see cref="Divergence"/> rule.</summary>
    public double InitialLoss { get; }

    /// <summary>Consecutive logged rows with loss below the <see cref="LossBelow"/> threshold so far.</summary>
    public int ConsecutiveBelow { get; private set; }

    /// <summary>
    /// Steps until a rule fires or <paramref name="cancellation"/> is requested (checked before every step;
    /// then the result is <see cref="StopReason.Cancelled"/> and the run can be checkpointed and resumed).
    /// </summary>
    public RunResult Run(IProgress<RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        var sim = Simulation;
        var trajectory = Recorder.Trajectory;
        bool logged = trajectory.RowCount > 0 && trajectory.Row(trajectory.RowCount - 1)[0] == sim.Iteration;
        if (Recorder.IsDue(sim.Iteration) && !logged && Log(progress) is { } converged) return converged;
        if (Reached() is { } reachedAtStart) return reachedAtStart;
        while (true)
        {
            if (cancellation.IsCancellationRequested) return _stops.Cancelled(sim.Iteration, sim.Time, sim.Loss);
            if (sim.Iteration >= _stops.MaxSteps) return _stops.ReachedMaxSteps(sim.Iteration, sim.Time, sim.Loss);
            if (sim.Time >= _stops.TimeLimit) return _stops.ReachedTime(sim.Iteration, sim.Time, sim.Loss);
            sim.Step();
            if (!double.IsFinite(sim.Loss)) return _stops.NonFinite(sim.Iteration, sim.Time, sim.Loss);
            if (_stops.DivergenceRule is { } divergence && sim.Loss > divergence.Factor * InitialLoss)
                return _stops.AboveFactor(sim.Iteration, sim.Time, sim.Loss, InitialLoss);
            if (Recorder.IsDue(sim.Iteration) && Log(progress) is { } done) return done;
            if (Reached() is { } reached) return reached;
        }
    }

    /// <summary>The <see cref="LossReaches"/> rule at the current iterate (after its row, when one was due, is logged).</summary>
    private RunResult? Reached() => _stops.ReachedLoss(Simulation.Iteration, Simulation.Time, Simulation.Loss);

    /// <summary>A copy of everything needed to continue this run bit-identically.</summary>
    public SimulationState Checkpoint()
    {
        var optimizerState = new double[Simulation.Optimizer.StateLength];
        Simulation.Optimizer.WriteState(optimizerState);
        return new SimulationState(
            Simulation.Theta.ToArray(), Simulation.Iteration, Simulation.Time, InitialLoss, ConsecutiveBelow,
            Simulation.Optimizer.Name, optimizerState, Recorder.Interval, [.. Recorder.Trajectory.Columns], Recorder.Trajectory.Data.ToArray());
    }

    /// <summary>
    /// Continues a checkpointed run: the same objective, a fresh optimizer of the same name, a fresh recorder
    /// with the same interval and columns (its quantities are not stored), and the stopping rules to go on with.
    /// </summary>
    public static TrainingRun Resume(SimulationState state, Objective objective, IOptimizer optimizer, Recorder recorder, params StoppingRule[] rules)
    {
        Restore(state, optimizer, recorder);
        var simulation = new Simulation(objective, optimizer, state.Theta, state.Iteration, state.Time);
        return new TrainingRun(simulation, recorder, rules, state.InitialLoss, state.ConsecutiveBelow);
    }

    /// <summary>
    /// Checks that a checkpoint fits a fresh optimizer (same name) and an empty recorder (same interval and columns), then
    /// loads the optimizer's state and the logged rows into them (shared by the device runner).
    /// </summary>
    public static void Restore(SimulationState state, IOptimizer optimizer, Recorder recorder)
    {
        if (optimizer.Name != state.Optimizer)
            throw new ArgumentException($"The checkpoint was taken with {state.Optimizer}, not {optimizer.Name}.", nameof(optimizer));
        if (recorder.Interval != state.LogInterval)
            throw new ArgumentException($"The checkpoint logs every {state.LogInterval} steps, the recorder every {recorder.Interval}.", nameof(recorder));
        if (!recorder.Trajectory.Columns.SequenceEqual(state.Columns))
            throw new ArgumentException($"The checkpoint has columns [{string.Join(", ", state.Columns)}], the recorder [{string.Join(", ", recorder.Trajectory.Columns)}].", nameof(recorder));
        if (recorder.Trajectory.RowCount != 0) throw new ArgumentException("Resume into an empty recorder.", nameof(recorder));
        optimizer.ReadState(state.OptimizerState);
        recorder.Trajectory.AddRows(state.Rows);
    }

    private RunResult? Log(IProgress<RunProgress>? progress)
    {
        var sim = Simulation;
        Recorder.Record(sim);
        progress?.Report(new RunProgress(sim.Iteration, sim.Time, sim.Loss));
        if (_stops.LossRule is null) return null;
        ConsecutiveBelow = _stops.NextConsecutiveBelow(ConsecutiveBelow, sim.Loss);
        return _stops.Converged(ConsecutiveBelow) ? _stops.ConvergedResult(sim.Iteration, sim.Time, sim.Loss) : null;
    }
}
