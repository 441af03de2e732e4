using System.Numerics.Tensors;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Losses;

/// <summary>
/// Sensing: ℒ(𝒲) = c·Σᵢ (⟨𝒜ᵢ, 𝒲⟩ − yᵢ)², measurement tensors 𝒜ᵢ stored densely (row i of an m × size matrix).
/// </summary>
public sealed class SensingLoss : ILoss
{
    private readonly double[] _measurements;
    private readonly double[] _targets;
    private readonly double[] _residuals;

    public SensingLoss(TensorShape shape, double[] measurements, double[] targets, LossNormalization normalization)
    {
        if (targets.Length == 0) throw new ArgumentException("A sensing loss needs at least one measurement.");
        if (measurements.Length != targets.Length * shape.Size)
            throw new ArgumentException($"{targets.Length} measurements of a tensor of {shape.Size} entries need {targets.Length * shape.Size} numbers, got {measurements.Length}.");
        if (measurements.Any(v => !double.IsFinite(v))) throw new ArgumentException("A measurement tensor has a non-finite entry.", nameof(measurements));
        if (targets.Any(v => !double.IsFinite(v))) throw new ArgumentException("A measurement target is not finite.", nameof(targets));
        Shape = shape;
        _measurements = (double[])measurements.Clone();
        _targets = (double[])targets.Clone();
        _residuals = new double[targets.Length];
        Normalization = normalization;
    }

    public TensorShape Shape { get; }
    public int MeasurementCount => _targets.Length;
    public LossNormalization Normalization { get; }

    /// <summary>The measurement tensors 𝒜ᵢ, row i of an m × size row-major matrix.</summary>
    public ReadOnlySpan<double> Measurements => _measurements;

    /// <summary>yᵢ.</summary>
    public ReadOnlySpan<double> Targets => _targets;

    private ReadOnlySpan<double> A(int i) => _measurements.AsSpan(i * Shape.Size, Shape.Size);

    public double Value(ReadOnlySpan<double> end)
    {
        double s = 0;
        for (int i = 0; i < _targets.Length; i++)
        {
            double r = TensorPrimitives.Dot(A(i), end) - _targets[i];
            s += r * r;
        }
        return SquaredError.Scale(Normalization, _targets.Length) * s;
    }

    public double ValueAndGradient(ReadOnlySpan<double> end, Span<double> gradient)
    {
        double s = 0, w = SquaredError.ResidualWeight(Normalization, _targets.Length);
        for (int i = 0; i < _targets.Length; i++)
        {
            _residuals[i] = TensorPrimitives.Dot(A(i), end) - _targets[i];
            s += _residuals[i] * _residuals[i];
        }
        gradient.Clear();
        for (int i = 0; i < _targets.Length; i++) TensorPrimitives.MultiplyAdd(A(i), w * _residuals[i], gradient, gradient);
        return SquaredError.Scale(Normalization, _targets.Length) * s;
    }
}
