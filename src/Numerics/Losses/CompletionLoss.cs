using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Losses;

/// <summary>
/// Completion: ℒ(𝒲) = c·Σ_{i∈Ω} (𝒲_i − yᵢ)² over observed entries (linear C-order indices), c = 1/m or ½.
/// </summary>
public sealed class CompletionLoss : ILoss
{
    private readonly int[] _indices;
    private readonly double[] _values;

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
        Normalization = normalization;
    }

    public TensorShape Shape { get; }
    public int MeasurementCount => _indices.Length;
    public LossNormalization Normalization { get; }
    public ReadOnlySpan<int> Indices => _indices;
    public ReadOnlySpan<double> Values => _values;

    public double Value(ReadOnlySpan<double> end)
    {
        double s = 0;
        for (int k = 0; k < _indices.Length; k++)
        {
            double r = end[_indices[k]] - _values[k];
            s += r * r;
        }
        return SquaredError.Scale(Normalization, _indices.Length) * s;
    }

    public double ValueAndGradient(ReadOnlySpan<double> end, Span<double> gradient)
    {
        gradient.Clear();
        double s = 0, w = SquaredError.ResidualWeight(Normalization, _indices.Length);
        for (int k = 0; k < _indices.Length; k++)
        {
            double r = end[_indices[k]] - _values[k];
            s += r * r;
            gradient[_indices[k]] = w * r;
        }
        return SquaredError.Scale(Normalization, _indices.Length) * s;
    }
}
