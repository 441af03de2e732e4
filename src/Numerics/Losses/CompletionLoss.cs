using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Losses;

/// <summary>
/// Completion: ℒ(𝒲) = c·Σ_{i∈Ω} (𝒲_i − yᵢ)² over observed entries (linear C-order indices), c = 1/m or ½
/// (theory.md §5.1). Ω is a set: it is kept in increasing index order (values permuted alike), which fixes the
/// summation order and lets entry kernels share work between neighbouring entries (<see cref="Models.IObservedEntries"/>).
/// ∇ℒ is zero off Ω, so the loss is computed from the observed entries alone (<see cref="ValueAndEntryGradients"/>);
/// the dense calls gather them first. Owns its gather buffers: not thread-safe.
/// </summary>
public sealed class CompletionLoss : ILoss
{
    private readonly int[] _indices;
    private readonly double[] _values;
    private readonly double[] _gathered;
    private readonly double[] _entryGradients;

    public CompletionLoss(TensorShape shape, int[] indices, double[] values, LossNormalization normalization)
    {
        if (indices.Length != values.Length) throw new ArgumentException($"{indices.Length} observed indices but {values.Length} values.");
        if (indices.Length == 0) throw new ArgumentException("A completion loss needs at least one observed entry.");
        var seen = new HashSet<int>();
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)shape.Size) throw new ArgumentOutOfRangeException(nameof(indices), $"Observed index {i} is outside a tensor of {shape.Size} entries {shape}.");
            if (!seen.Add(i)) throw new ArgumentException($"Entry {i} is observed twice.", nameof(indices));
        }
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("An observed value is not finite.", nameof(values));
        Shape = shape;
        _indices = (int[])indices.Clone();
        _values = (double[])values.Clone();
        Array.Sort(_indices, _values);
        _gathered = new double[_indices.Length];
        _entryGradients = new double[_indices.Length];
        Normalization = normalization;
    }

    public TensorShape Shape { get; }
    public int MeasurementCount => _indices.Length;
    public LossNormalization Normalization { get; }

    /// <summary>The observed entries Ω, increasing.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>y at <see cref="Indices"/>.</summary>
    public ReadOnlySpan<double> Values => _values;

    public double Value(ReadOnlySpan<double> end)
    {
        Gather(end);
        return ValueOfEntries(_gathered);
    }

    public double ValueAndGradient(ReadOnlySpan<double> end, Span<double> gradient)
    {
        Gather(end);
        double value = ValueAndEntryGradients(_gathered, _entryGradients);
        gradient[..Shape.Size].Clear();
        for (int k = 0; k < _indices.Length; k++) gradient[_indices[k]] = _entryGradients[k];
        return value;
    }

    /// <summary>ℒ from the end tensor's entries at <see cref="Indices"/> (observedEntries[k] = 𝒲[Indices[k]]).</summary>
    public double ValueOfEntries(ReadOnlySpan<double> observedEntries) => SquaredError.Value(observedEntries, _values, Normalization);

    /// <summary>
    /// ℒ, and entryGradients[k] = ∂ℒ/∂𝒲[Indices[k]] = c'·(𝒲_i − y_i) (the only nonzero entries of ∇ℒ), from the end
    /// tensor's entries at <see cref="Indices"/>.
    /// </summary>
    public double ValueAndEntryGradients(ReadOnlySpan<double> observedEntries, Span<double> entryGradients) =>
        SquaredError.ValueAndGradients(observedEntries, _values, Normalization, entryGradients);

    private void Gather(ReadOnlySpan<double> end)
    {
        for (int k = 0; k < _indices.Length; k++) _gathered[k] = end[_indices[k]];
    }
}
