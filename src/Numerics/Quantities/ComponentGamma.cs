using System.Buffers;
using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// γ_r = ⟨−∇ℒ(𝒲_e), ⊗_n ŵ_r^n⟩, the projection of the negative end gradient onto the normalized component
/// (theory.md §5.1, TF-1/TF-2). By multilinearity ⟨∂⟨G, 𝒲_e⟩/∂w_r^n, w_r^n⟩ = ⟨G, ⊗_n w_r^n⟩ for every n, so
/// γ_r = −⟨(∇φ)_r^1, w_r^1⟩ / σ_T^(r). NaN where σ_T^(r) = 0 (the direction is undefined there).
/// </summary>
public static class ComponentGamma
{
    /// <summary>γ_r for all r from ∇φ = Backward(θ, ∇ℒ) already at hand.</summary>
    public static void FromGradient(CpFactorization model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, Span<double> gamma)
    {
        for (int r = 0; r < model.Rank; r++)
        {
            double sigma = ComponentNorm.Of(model, theta, r);
            gamma[r] = sigma == 0 ? double.NaN : -TensorPrimitives.Dot(model.Vector(gradient, r, 0), model.Vector(theta, r, 0)) / sigma;
        }
    }

    /// <summary>γ_r for all r from the end gradient ∇ℒ (runs the model's Backward into a pooled buffer).</summary>
    public static void All(CpFactorization model, ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gamma)
    {
        var buffer = ArrayPool<double>.Shared.Rent(model.Layout.Size);
        try
        {
            var gradient = buffer.AsSpan(0, model.Layout.Size);
            model.Backward(theta, endGradient, gradient);
            FromGradient(model, theta, gradient, gamma);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
