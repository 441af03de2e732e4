using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Losses;

/// <summary>How a squared-error loss over m measurements is normalized (theory.md §1: only rescales time).</summary>
public enum LossNormalization
{
    /// <summary>(1/m)·Σ rᵢ² — ACHL19 code, RMC21/RMC22 (nn.MSELoss).</summary>
    Mean,
    /// <summary>½·Σ rᵢ² — RC20 deep matrix factorization.</summary>
    HalfSum,
}

/// <summary>A loss ℒ on the end tensor: value and gradient ∇ℒ (dense, same shape).</summary>
public interface ILoss
{
    TensorShape Shape { get; }
    int MeasurementCount { get; }
    LossNormalization Normalization { get; }

    double Value(ReadOnlySpan<double> end);

    /// <summary>Returns ℒ(end) and overwrites <paramref name="gradient"/> with ∇ℒ(end).</summary>
    double ValueAndGradient(ReadOnlySpan<double> end, Span<double> gradient);
}
