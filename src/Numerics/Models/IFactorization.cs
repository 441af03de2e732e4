using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// A factorization θ ↦ end tensor 𝒲(θ) (theory.md §1: φ(θ) = ℒ(end(θ))). One model, one gradient: the
/// vector–Jacobian product <see cref="Backward"/> is the only gradient code of a model, used by the CPU
/// simulators, the checks and (through the same definitions) the GPU kernels.
/// Instances own their scratch buffers: calls allocate nothing, and an instance is not thread-safe
/// (<see cref="Clone"/> one per thread).
/// </summary>
public interface IFactorization
{
    /// <summary>A short description with sizes, e.g. "deep MF N=3 [100×100]".</summary>
    string Name { get; }

    ParameterLayout Layout { get; }

    TensorShape EndShape { get; }

    /// <summary>𝒲(θ), written densely in C order into <paramref name="end"/> (length EndShape.Size).</summary>
    void End(ReadOnlySpan<double> theta, Span<double> end);

    /// <summary>
    /// ∇_θ ⟨G, 𝒲(θ)⟩ for a given end-tensor gradient G (so ∇φ = Backward(θ, ∇ℒ(𝒲(θ)))); overwrites
    /// <paramref name="gradient"/> (length Layout.Size).
    /// </summary>
    void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient);

    /// <summary>A fresh instance with the same structure and its own scratch buffers.</summary>
    IFactorization Clone();
}
