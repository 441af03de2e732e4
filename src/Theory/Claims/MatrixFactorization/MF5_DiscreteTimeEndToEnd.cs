namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACH18 discrete-time version (theory.md MF-5): GD with step η on balanced factors moves the end matrix by the
/// MF-1 Euler step up to O(η²): W_e(k+1) = W_e(k) − η Σ_j [W_eW_eᵀ]^{(j−1)/N} ∇ℓ(W_e) [W_eᵀW_e]^{(N−j)/N} + O(η²) (λ = 0,
/// δ = 0). The exact error constants are unknown (theory.md); the check measures the order in η.
/// </summary>
public sealed class MF5_DiscreteTimeEndToEnd : Claim
{
    public override string Id => "MF-5";
    public override string Title => "Balanced GD: W_e(k+1) = W_e(k) + η·F(W_e(k)) + O(η²) (end-to-end Euler step)";
    public override Citation Citation => new(Paper.ACH18, "discrete-time version", Confidence.Recalled);

    public override Statement Statement => new(
        "from a balanced point, one GD step on the factors gives W_e(k+1) = W_e(k) − η Σ_j [W_eW_eᵀ]^((j−1)/N) ∇ℓ(W_e) [W_eᵀW_e]^((N−j)/N) + O(η²) (λ = 0, δ = 0)",
        @"W_e^{(k+1)}=W_e^{(k)}-\eta\sum_{j=1}^{N}\big[W_e^{(k)}W_e^{(k)\top}\big]^{\frac{j-1}{N}}\nabla\ell(W_e^{(k)})\big[W_e^{(k)\top}W_e^{(k)}\big]^{\frac{N-j}{N}}+O(\eta^2)");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient descent W_j ← W_j − η ∂φ/∂W_j on φ = ℓ(W_N⋯W_1), λ = 0", "balanced point C_j = 0 (δ = 0) at the start of the step",
         "any differentiable loss ℓ; the O(η²) constant depends on the point (not stated in theory.md)"];

    public override string NoSymbolicCheckBecause =>
        "the first-order term is MF-1's fractional-power rule, which has no polynomial form for a general W_e (theory.md §8.0 lists MF-5 as numeric only); the claim is an order in η, measured from η, η/2, η/4";
}
