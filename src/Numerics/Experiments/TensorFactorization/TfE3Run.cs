using System.Diagnostics;
using ImplicitReg.Numerics.Data;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>
/// One TF-E3 run (theory.md §5.2, §8.1 H): a <see cref="LargeScaleCpFactorization"/> of order 784, D = 2, rank R from
/// θ_0 ~ 𝒩(InitMean, InitStd²) (Gaussian(Seed)), trained by <see cref="Adam"/> on minibatch MSE
/// (<see cref="MinibatchRegression"/>) for Epochs epochs, logging a <see cref="TfE3Row"/> at epoch 0, every
/// LogEveryEpochs epochs and at the last. Its state is θ, Adam's (m, v), the step and the rows; a run stopped at any
/// step (<see cref="Run"/>'s stopAtStep or cancellation), checkpointed and resumed is bit-identical to one that never
/// stopped. Not thread-safe; steps allocate nothing.
/// </summary>
public sealed class TfE3Run
{
    private readonly List<TfE3Row> _rows;
    private readonly RegressionSamples _test;

    /// <summary>A fresh run.</summary>
    public TfE3Run(TfE3Config config, TfE3Dataset data, int rank) : this(config, data, rank, null) { }

    private TfE3Run(TfE3Config config, TfE3Dataset data, int rank, SimulationState? state)
    {
        Config = config.Validated();
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(rank), rank, "The rank must be positive.");
        Data = data;
        Rank = rank;
        Context = config.RunContext(data, rank);
        var model = new LargeScaleCpFactorization(data.Train.PixelCount, 2, rank);
        var adam = new Adam(model.Layout.Size, config.LearningRate);
        double[] theta;
        if (state is null)
        {
            theta = new double[model.Layout.Size];
            GaussianInit.Fill(theta, config.InitStd, config.Seed, config.InitMean);
            _rows = [];
        }
        else
        {
            if (state.Context != Context) throw new ArgumentException($"The checkpoint is of \"{state.Context}\", not \"{Context}\".", nameof(state));
            if (state.Optimizer != adam.Name) throw new ArgumentException($"The checkpoint was taken with {state.Optimizer}, not {adam.Name}.", nameof(state));
            if (!state.Columns.SequenceEqual(TfE3Row.Columns))
                throw new ArgumentException($"The checkpoint has columns [{string.Join(", ", state.Columns)}], a TF-E3 run [{string.Join(", ", TfE3Row.Columns)}].", nameof(state));
            if (state.Theta.Length != model.Layout.Size) throw new ArgumentException($"The checkpoint's θ has {state.Theta.Length} entries, R = {rank} needs {model.Layout.Size}.", nameof(state));
            adam.ReadState(state.OptimizerState);
            theta = state.Theta;
            _rows = [];
            for (int i = 0; i < state.Rows.Length; i += TfE3Row.Columns.Length) _rows.Add(TfE3Row.From(state.Rows.AsSpan(i, TfE3Row.Columns.Length)));
        }
        _test = new RegressionSamples(data.Test, data.TestTargets);
        Training = new MinibatchRegression(model, new RegressionSamples(data.Train, data.TrainTargets), adam, config.BatchSize, config.Seed,
            theta, state?.Iteration ?? 0, evaluationCapacity: data.Test.Count);
        if (Training.Step > TotalSteps) throw new ArgumentException($"The checkpoint is at step {Training.Step}, past this run's {TotalSteps} steps.", nameof(state));
    }

    /// <summary>Continues a checkpoint of the same configuration, data and rank (its <see cref="SimulationState.Context"/> must match).</summary>
    public static TfE3Run Resume(SimulationState state, TfE3Config config, TfE3Dataset data, int rank) => new(config, data, rank, state);

    public TfE3Config Config { get; }
    public TfE3Dataset Data { get; }
    public int Rank { get; }

    /// <summary><see cref="TfE3Config.RunContext"/>: what a checkpoint of this run carries.</summary>
    public string Context { get; }

    public MinibatchRegression Training { get; }
    public IReadOnlyList<TfE3Row> Rows => _rows;
    public long TotalSteps => (long)Config.Epochs * Training.BatchesPerEpoch;

    /// <summary>Every step taken and the last epoch logged.</summary>
    public bool Completed => Training.Step == TotalSteps && _rows.Count > 0 && _rows[^1].Epoch == Config.Epochs;

    /// <summary>A minibatch loss became NaN or ±∞ (the official code's TerminateOnNaN); the run stops there.</summary>
    public bool Diverged { get; private set; }

    /// <summary>
    /// Steps until the last epoch is logged, <paramref name="stopAtStep"/> steps are taken, the loss diverges or
    /// <paramref name="cancellation"/> is requested (checked before every step).
    /// </summary>
    public TfE3Result Run(IProgress<TfE3Progress>? progress = null, CancellationToken cancellation = default, long stopAtStep = long.MaxValue)
    {
        var clock = Stopwatch.StartNew();
        LogIfDue(progress);
        long end = Math.Min(TotalSteps, stopAtStep);
        while (!Diverged && Training.Step < end && !cancellation.IsCancellationRequested)
        {
            if (!double.IsFinite(Training.TakeStep())) Diverged = true;
            LogIfDue(progress);
        }
        return Result(clock.Elapsed.TotalSeconds);
    }

    public TfE3Result Result(double seconds) => new(Context, Rank, Config.Epochs, [.. _rows], Completed, seconds);

    /// <summary>Everything needed to continue bit-identically (<see cref="SimulationState"/>: τ = step·lr, InitialLoss = the epoch-0 train MSE).</summary>
    public SimulationState Checkpoint()
    {
        var optimizer = new double[Training.Optimizer.StateLength];
        Training.Optimizer.WriteState(optimizer);
        int width = TfE3Row.Columns.Length;
        var rows = new double[_rows.Count * width];
        for (int i = 0; i < _rows.Count; i++) _rows[i].CopyTo(rows.AsSpan(i * width, width));
        return new SimulationState(Training.Theta.ToArray(), Training.Step, Training.Step * Config.LearningRate,
            _rows.Count > 0 ? _rows[0].TrainMse : double.NaN, 0, Training.Optimizer.Name, optimizer, Config.LogEveryEpochs,
            [.. TfE3Row.Columns], rows, Context);
    }

    private void LogIfDue(IProgress<TfE3Progress>? progress)
    {
        if (Training.Step % Training.BatchesPerEpoch != 0) return;
        int epoch = (int)Training.Epoch;
        if (epoch % Config.LogEveryEpochs != 0 && epoch != Config.Epochs) return;
        if (_rows.Count > 0 && _rows[^1].Epoch == epoch) return;
        var row = new TfE3Row(epoch, Training.Step, Training.Step * Config.LearningRate,
            Training.MeanSquaredError(Training.Train), Training.ClampedMeanSquaredError(_test));
        _rows.Add(row);
        progress?.Report(new TfE3Progress(Rank, Config.Epochs, row));
    }
}
