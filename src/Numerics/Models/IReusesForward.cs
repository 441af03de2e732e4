namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Optional capability of a model whose <see cref="IFactorization.Backward"/> needs the intermediate products of
/// <see cref="IFactorization.End"/> (deep MF prefix products, HTF node tensors): right after End(θ) on the same
/// instance, <see cref="BackwardAfterEnd"/> reuses them instead of recomputing. It is Backward's own code
/// (Backward = forward products + BackwardAfterEnd), so there is still one gradient. Contract: call it only
/// immediately after End with the same θ — <see cref="Objective"/> does exactly that.
/// </summary>
public interface IReusesForward
{
    void BackwardAfterEnd(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient);
}

