using ImplicitReg.Numerics.Losses;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// φ(θ) = ℒ(𝒲(θ)) with its gradient ∇φ(θ) = Backward(θ, ∇ℒ(𝒲(θ))) (theory.md §1). Owns the end-tensor
/// buffers, so evaluation allocates nothing; not thread-safe (one per simulation).
/// </summary>
public sealed class Objective
{
    private readonly double[] _end;
    private readonly double[] _endGradient;

    public Objective(IFactorization model, ILoss loss)
    {
        if (!model.EndShape.Equals(loss.Shape))
            throw new ArgumentException($"The model's end tensor {model.EndShape} and the loss's tensor {loss.Shape} differ in shape.");
        Model = model;
        Loss = loss;
        _end = new double[model.EndShape.Size];
        _endGradient = new double[model.EndShape.Size];
    }

    public IFactorization Model { get; }
    public ILoss Loss { get; }
    public int Dimension => Model.Layout.Size;

    /// <summary>The end tensor of the last evaluation.</summary>
    public ReadOnlySpan<double> LastEnd => _end;

    public double Value(ReadOnlySpan<double> theta)
    {
        Model.End(theta, _end);
        return Loss.Value(_end);
    }

    /// <summary>φ(θ), and ∇φ(θ) written into <paramref name="gradient"/>.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        Model.End(theta, _end);
        double value = Loss.ValueAndGradient(_end, _endGradient);
        Model.Backward(theta, _endGradient, gradient);
        return value;
    }
}
