namespace ImplicitReg.Numerics.Training;

/// <summary>
/// A full-batch first-order method θ_{k+1} = θ_k − η_k g_k with one scalar step η_k per iteration
/// (theory.md §1: GD and GroupRMSprop), so the gradient-flow time advances by τ_{k+1} = τ_k + η_k.
/// </summary>
public interface IOptimizer
{
    /// <summary>The method and its hyperparameters, e.g. "GD(lr=0.01)"; a checkpoint resumes only under the same name.</summary>
    string Name { get; }

    /// <summary>Applies step k (k ≥ 1, the first step is 1) with gradient g_k = ∇φ(θ_k) in place; returns η_k.</summary>
    double Step(Span<double> theta, ReadOnlySpan<double> gradient, long k);

    /// <summary>Length of the internal state (0 for GD, 1 for GroupRMSprop's s).</summary>
    int StateLength { get; }

    void WriteState(Span<double> state);

    void ReadState(ReadOnlySpan<double> state);
}
