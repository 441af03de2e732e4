using System.Globalization;
using System.Numerics.Tensors;

namespace ImplicitReg.Numerics.Training;

/// <summary>GD θ_{k+1} = θ_k − η∇φ(θ_k) with constant η = lr (theory.md §1); τ_k = kη.</summary>
public sealed class GradientDescent : IOptimizer
{
    public GradientDescent(double lr)
    {
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be positive and finite.");
        LearningRate = lr;
    }

    public double LearningRate { get; }
    public string Name => string.Create(CultureInfo.InvariantCulture, $"GD(lr={LearningRate:R})");
    public int StateLength => 0;

    public double Step(Span<double> theta, ReadOnlySpan<double> gradient, long k)
    {
        TensorPrimitives.MultiplyAdd(gradient, -LearningRate, theta, theta);
        return LearningRate;
    }

    public void WriteState(Span<double> state) { }

    public void ReadState(ReadOnlySpan<double> state)
    {
        if (state.Length != 0) throw new ArgumentException($"GD has no state, got {state.Length} values.");
    }
}
