namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Optional capability of a factorization: its end tensor and its vector–Jacobian product at a list of entries only.
/// A completion loss (theory.md §5.1: ℒ = c·Σ_{i∈Ω} (𝒲_i − y_i)²) reads the end tensor only on Ω and its gradient
/// ∇ℒ vanishes off Ω, so φ and ∇φ = Backward(θ, ∇ℒ) need just these two calls; <see cref="Objective"/> uses them
/// when the loss is a <see cref="Losses.CompletionLoss"/>. Same contract as <see cref="IFactorization"/>: no
/// allocation once warm, not thread-safe. Indices are linear C-order indices of the end tensor, in any order;
/// increasing order is fastest where a model shares work between neighbouring entries.
/// </summary>
public interface IObservedEntries
{
    /// <summary>values[k] = 𝒲(θ)[linearIndices[k]] (values.Length ≥ linearIndices.Length).</summary>
    void EndAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, Span<double> values);

    /// <summary>
    /// ∇_θ Σ_k entryGradients[k]·𝒲(θ)[linearIndices[k]], i.e. <see cref="IFactorization.Backward"/> with the end-tensor
    /// gradient that is entryGradients[k] at linearIndices[k] and 0 elsewhere (a repeated index adds its gradients);
    /// overwrites <paramref name="gradient"/> (length Layout.Size).
    /// </summary>
    void BackwardAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, ReadOnlySpan<double> entryGradients, Span<double> gradient);

    /// <summary>
    /// <see cref="BackwardAt"/> called right after <see cref="EndAt"/> on the same instance with the same θ and indices: a
    /// model may reuse EndAt's intermediate products (deep MF's W_{N−1:1}), as <see cref="IReusesForward"/> does after
    /// End. It is BackwardAt's own code, so there is still one gradient; <see cref="Objective"/> calls it exactly so.
    /// </summary>
    void BackwardAtAfterEndAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, ReadOnlySpan<double> entryGradients, Span<double> gradient) =>
        BackwardAt(theta, linearIndices, entryGradients, gradient);
}
