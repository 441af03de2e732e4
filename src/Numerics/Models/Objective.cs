using ImplicitReg.Numerics.Losses;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// φ(θ) = ℒ(𝒲(θ)) with its gradient ∇φ(θ) = Backward(θ, ∇ℒ(𝒲(θ))) (theory.md §1). When the loss is a
/// <see cref="CompletionLoss"/> and the model an <see cref="IObservedEntries"/>, only the observed entries of 𝒲 are
/// computed and ∇φ = BackwardAt(θ, Ω, ∂ℒ/∂𝒲_Ω) — the same value and gradient, since ℒ reads 𝒲 only on Ω
/// (theory.md §5.1); otherwise the dense path. Owns its buffers, so evaluation allocates nothing; not thread-safe
/// (one per simulation).
/// </summary>
public sealed class Objective
{
    private readonly double[] _end;             // dense path: 𝒲, ∇ℒ
    private readonly double[] _endGradient;
    private readonly CompletionLoss? _completion;   // observed-entries path: 𝒲_Ω, ∂ℒ/∂𝒲_Ω
    private readonly IObservedEntries? _entries;
    private readonly double[] _observed;
    private readonly double[] _entryGradients;

    public Objective(IFactorization model, ILoss loss)
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
    }

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
