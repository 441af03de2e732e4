using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// φ(θ) = ℒ(𝒲(θ)) with its gradient ∇φ(θ) = Backward(θ, ∇ℒ(𝒲(θ))) (theory.md §1). When the loss is a
/// <see cref="CompletionLoss"/> and the model an <see cref="IObservedEntries"/>, only the observed entries of 𝒲 are
/// computed and ∇φ = BackwardAt(θ, Ω, ∂ℒ/∂𝒲_Ω) — the same value and gradient, since ℒ reads 𝒲 only on Ω
/// (theory.md §5.1); otherwise the dense path. With a <see cref="MinibatchSchedule"/> (completion losses only), the
/// step objective φ_k of <see cref="StepValueAndGradient"/> is the loss on step k's batch of observed entries; full-batch
/// objectives have φ_k = φ. Owns its buffers, so evaluation allocates nothing; not thread-safe (one per simulation).
/// </summary>
public sealed class Objective
{
    private readonly double[] _end;             // dense path: 𝒲, ∇ℒ
    private readonly double[] _endGradient;
    private readonly CompletionLoss? _completion;   // observed-entries path: 𝒲_Ω, ∂ℒ/∂𝒲_Ω
    private readonly IObservedEntries? _entries;
    private readonly double[] _observed;
    private readonly double[] _entryGradients;

    private readonly MinibatchSchedule? _schedule;     // minibatch path: the permutation of Ω for the current epoch, the batch
    private readonly int[] _permutation;
    private readonly int[] _batchIndices;
    private readonly double[] _batchValues;
    private readonly double[] _batchEntries;
    private readonly double[] _batchGradients;
    private readonly double[] _batchEnd;
    private readonly double[] _batchEndGradient;
    private long _permutationEpoch = -1;

    public Objective(IFactorization model, ILoss loss, MinibatchSchedule? minibatches = null)
    {
        if (!model.EndShape.Equals(loss.Shape))
            throw new ArgumentException($"The model's end tensor {model.EndShape} and the loss's tensor {loss.Shape} differ in shape.");
        Model = model;
        Loss = loss;
        if (loss is CompletionLoss completion && model is IObservedEntries entries)
        {
            _completion = completion;
            _entries = entries;
            _observed = new double[completion.MeasurementCount];
            _entryGradients = new double[completion.MeasurementCount];
            _end = _endGradient = [];
        }
        else
        {
            _end = new double[model.EndShape.Size];
            _endGradient = new double[model.EndShape.Size];
            _observed = _entryGradients = [];
        }
        _permutation = _batchIndices = [];
        _batchValues = _batchEntries = _batchGradients = _batchEnd = _batchEndGradient = [];
        if (minibatches is not null)
        {
            if (loss is not CompletionLoss c)
                throw new ArgumentException($"Minibatches are drawn from the observed entries of a completion loss, not from a {loss.GetType().Name}.", nameof(minibatches));
            _schedule = minibatches;
            _completion = c;
            BatchesPerEpoch = minibatches.BatchesPerEpoch(c.MeasurementCount);
            if (BatchesPerEpoch < 1) throw new ArgumentException($"A batch of {minibatches.BatchSize} with drop-last leaves no batch of {c.MeasurementCount} observed entries.", nameof(minibatches));
            int b = Math.Min(minibatches.BatchSize, c.MeasurementCount);
            _permutation = new int[c.MeasurementCount];
            _batchIndices = new int[b];
            _batchValues = new double[b];
            _batchEntries = new double[b];
            _batchGradients = new double[b];
            if (model is not IObservedEntries)
            {
                _batchEnd = new double[model.EndShape.Size];
                _batchEndGradient = new double[model.EndShape.Size];
            }
        }
    }

    /// <summary>The minibatch schedule, or null for full-batch training.</summary>
    public MinibatchSchedule? Minibatches => _schedule;

    /// <summary>Batches per epoch under <see cref="Minibatches"/> (0 for full batch).</summary>
    public int BatchesPerEpoch { get; }

    public IFactorization Model { get; }
    public ILoss Loss { get; }
    public int Dimension => Model.Layout.Size;

    /// <summary>Whether evaluations compute only the observed entries (completion loss, <see cref="IObservedEntries"/> model).</summary>
    public bool UsesObservedEntries => _entries is not null;

    public double Value(ReadOnlySpan<double> theta)
    {
        if (_entries is not null)
        {
            _entries.EndAt(theta, _completion!.Indices, _observed);
            return _completion.ValueOfEntries(_observed);
        }
        Model.End(theta, _end);
        return Loss.Value(_end);
    }

    /// <summary>
    /// φ_k(θ) and ∇φ_k(θ) for step k ≥ 1: the loss on step k's batch under <see cref="Minibatches"/>, else φ(θ) (the loop
    /// of theory.md §8.1 A calls it once per step, at θ_{k−1}).
    /// </summary>
    public double StepValueAndGradient(ReadOnlySpan<double> theta, Span<double> gradient, long step)
    {
        if (_schedule is null) return ValueAndGradient(theta, gradient);
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "Steps are numbered from 1.");
        var c = _completion!;
        long epoch = (step - 1) / BatchesPerEpoch;
        int j = (int)((step - 1) % BatchesPerEpoch);
        if (epoch != _permutationEpoch)
        {
            EpochShuffle.Fill(_schedule.Seed, epoch, _permutation);
            _permutationEpoch = epoch;
        }
        int b = _batchIndices.Length, count = Math.Min(b, c.MeasurementCount - j * b);
        var indices = _batchIndices.AsSpan(0, count);
        var values = _batchValues.AsSpan(0, count);
        var entries = _batchEntries.AsSpan(0, count);
        var entryGradients = _batchGradients.AsSpan(0, count);
        for (int k = 0; k < count; k++)
        {
            int e = _permutation[j * b + k];
            indices[k] = c.Indices[e];
            values[k] = c.Values[e];
        }
        if (Model is IObservedEntries observed)
        {
            observed.EndAt(theta, indices, entries);
            double v = SquaredError.ValueAndGradients(entries, values, c.Normalization, entryGradients);
            observed.BackwardAtAfterEndAt(theta, indices, entryGradients, gradient);
            return v;
        }
        Model.End(theta, _batchEnd);
        for (int k = 0; k < count; k++) entries[k] = _batchEnd[indices[k]];
        double value = SquaredError.ValueAndGradients(entries, values, c.Normalization, entryGradients);
        Array.Clear(_batchEndGradient);
        for (int k = 0; k < count; k++) _batchEndGradient[indices[k]] += entryGradients[k];
        if (Model is IReusesForward reuse) reuse.BackwardAfterEnd(theta, _batchEndGradient, gradient);
        else Model.Backward(theta, _batchEndGradient, gradient);
        return value;
    }

    /// <summary>φ(θ), and ∇φ(θ) written into <paramref name="gradient"/>.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (_entries is not null)
        {
            var indices = _completion!.Indices;
            _entries.EndAt(theta, indices, _observed);
            double observedValue = _completion.ValueAndEntryGradients(_observed, _entryGradients);
            _entries.BackwardAtAfterEndAt(theta, indices, _entryGradients, gradient);
            return observedValue;
        }
        Model.End(theta, _end);
        double value = Loss.ValueAndGradient(_end, _endGradient);
        if (Model is IReusesForward reuse) reuse.BackwardAfterEnd(theta, _endGradient, gradient);
        else Model.Backward(theta, _endGradient, gradient);
        return value;
    }
}
