using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Minibatch training of a <see cref="LargeScaleCpFactorization"/> on regression samples with the MSE loss (TF-E3,
/// theory.md §5.2, §8.1 H): step k (1-based) of epoch e = ⌊(k − 1)/B⌋, B = ⌈m/b⌉ batches per epoch, takes batch
/// j = (k − 1) mod B, the samples π_e[j·b … min((j+1)·b, m) − 1] of the epoch's permutation π_e =
/// <see cref="EpochShuffle"/>(seed, e) (the last batch is smaller when b ∤ m, as PyTorch's DataLoader without
/// drop_last), and applies the optimizer to ∇ (1/|batch|)·Σ (f(x_i) − y_i)² = Backward(θ, batch, 2(f − y)/|batch|).
/// The state is θ, the optimizer's state and k: everything else is a function of (seed, k), so a run stopped at any
/// step and resumed is bit-identical. Steps and evaluations allocate nothing.
/// </summary>
public sealed class MinibatchRegression
{
    private readonly double[] _theta;
    private readonly double[] _gradient;
    private readonly int[] _permutation;
    private readonly int[] _rows;             // 0 … max(m) − 1, the rows of a whole-set evaluation
    private readonly double[] _predictions;   // whole-set evaluations and batches
    private readonly double[] _batchTargets;
    private readonly double[] _batchGradients;
    private long _permutationEpoch = -1;

    public MinibatchRegression(LargeScaleCpFactorization model, RegressionSamples train, IOptimizer optimizer, int batchSize, int shuffleSeed,
        ReadOnlySpan<double> theta, long step = 0, int evaluationCapacity = 0)
    {
        if (train.Inputs.PixelCount != model.Order)
            throw new ArgumentException($"Samples of {train.Inputs.PixelCount} variables for a model of order {model.Order}.", nameof(train));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        if (theta.Length != model.Layout.Size) throw new ArgumentException($"θ has {theta.Length} entries, {model.Name} has {model.Layout.Size} parameters.", nameof(theta));
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "The step count is non-negative.");
        Model = model;
        Train = train;
        Optimizer = optimizer;
        BatchSize = Math.Min(batchSize, train.Count);
        ShuffleSeed = shuffleSeed;
        BatchesPerEpoch = (train.Count + BatchSize - 1) / BatchSize;
        Step = step;
        _theta = theta.ToArray();
        _gradient = new double[theta.Length];
        _permutation = new int[train.Count];
        int capacity = Math.Max(train.Count, evaluationCapacity);
        _rows = Enumerable.Range(0, capacity).ToArray();
        _predictions = new double[capacity];
        _batchTargets = new double[BatchSize];
        _batchGradients = new double[BatchSize];
    }

    public LargeScaleCpFactorization Model { get; }
    public RegressionSamples Train { get; }
    public IOptimizer Optimizer { get; }

    /// <summary>b (at most m).</summary>
    public int BatchSize { get; }

    public int ShuffleSeed { get; }
    public int BatchesPerEpoch { get; }

    /// <summary>k, the number of steps taken.</summary>
    public long Step { get; private set; }

    /// <summary>Completed epochs, ⌊k/B⌋.</summary>
    public long Epoch => Step / BatchesPerEpoch;

    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>The minibatch MSE at θ_{k−1} of the last step (NaN before the first).</summary>
    public double LastBatchLoss { get; private set; } = double.NaN;

    /// <summary>Takes step k + 1 on its minibatch; returns that batch's MSE before the step.</summary>
    public double TakeStep()
    {
        long k = Step + 1, epoch = (k - 1) / BatchesPerEpoch;
        int j = (int)((k - 1) % BatchesPerEpoch);
        if (epoch != _permutationEpoch)
        {
            EpochShuffle.Fill(ShuffleSeed, epoch, _permutation);
            _permutationEpoch = epoch;
        }
        int start = j * BatchSize, b = Math.Min(BatchSize, Train.Count - start);
        ReadOnlySpan<int> rows = _permutation.AsSpan(start, b);
        var targets = _batchTargets.AsSpan(0, b);
        for (int i = 0; i < b; i++) targets[i] = Train.Targets[rows[i]];
        var pixels = Train.Inputs.Pixels;
        Model.Predict(_theta, pixels, rows, _predictions);
        double loss = SquaredError.ValueAndGradients(_predictions, targets, LossNormalization.Mean, _batchGradients);
        Model.Backward(_theta, pixels, rows, _batchGradients.AsSpan(0, b), _gradient);
        Optimizer.Step(_theta, _gradient, k);
        Step = k;
        LastBatchLoss = loss;
        return loss;
    }

    /// <summary>(1/m)·Σ (f(x_i) − y_i)² over a whole sample set at the current θ.</summary>
    public double MeanSquaredError(RegressionSamples samples) =>
        SquaredError.Value(Predict(samples), samples.Targets, LossNormalization.Mean);

    /// <summary>(1/m)·Σ min{(f(x_i) − y_i)², clamp} over a whole sample set (theory.md §1.1, TF-E3's test metric).</summary>
    public double ClampedMeanSquaredError(RegressionSamples samples, double clamp = ClampedSquaredError.TfE3Clamp) =>
        ClampedSquaredError.Mean(Predict(samples), samples.Targets, clamp);

    private ReadOnlySpan<double> Predict(RegressionSamples samples)
    {
        if (samples.Count > _rows.Length)
            throw new ArgumentException($"{samples.Count} samples exceed this run's evaluation capacity {_rows.Length} (pass evaluationCapacity).", nameof(samples));
        if (samples.Inputs.PixelCount != Model.Order)
            throw new ArgumentException($"Samples of {samples.Inputs.PixelCount} variables for a model of order {Model.Order}.", nameof(samples));
        Model.Predict(_theta, samples.Inputs.Pixels, _rows.AsSpan(0, samples.Count), _predictions);
        return _predictions.AsSpan(0, samples.Count);
    }
}
