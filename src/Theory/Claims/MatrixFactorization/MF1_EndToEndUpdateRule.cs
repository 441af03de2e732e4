namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACH18 Thm 1 (theory.md MF-1): if the factors are balanced (C_j(0) = 0, kept by MF-C1) and gradient flow runs on
/// φ = ℓ(W_N⋯W_1), the end matrix moves as Ẇ_e = −Σ_j [W_eW_eᵀ]^{(j−1)/N} ∇ℓ(W_e) [W_eᵀW_e]^{(N−j)/N} (λ = 0), for any
/// hidden widths. Numeric only for general W_e (theory.md §8.0: fractional powers of PSD matrices).
/// </summary>
public sealed class MF1_EndToEndUpdateRule : Claim
{
    public override string Id => "MF-1";
    public override string Title => "Balanced deep MF: Ẇ_e = −Σ_j [W_eW_eᵀ]^((j−1)/N) ∇ℓ [W_eᵀW_e]^((N−j)/N)";
    public override Citation Citation => new(Paper.ACH18, "Thm 1", Confidence.RecalledCorroborated);

    public override Statement Statement => new(
        "Ẇ_e = −λN W_e − Σ_{j=1}^N [W_eW_eᵀ]^((j−1)/N) ∇ℓ(W_e) [W_eᵀW_e]^((N−j)/N) under balanced gradient flow (checked with λ = 0)",
        @"\dot W_e=-\lambda N W_e-\sum_{j=1}^{N}\big[W_eW_e^\top\big]^{\frac{j-1}{N}}\,\nabla\ell(W_e)\,\big[W_e^\top W_e\big]^{\frac{N-j}{N}}");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow Ẇ_j = −∂φ/∂W_j, φ = ℓ(W_N⋯W_1) (λ = 0 in the check)", "balanced initialization C_j(0) = 0 (kept for all t by MF-C1)",
         "any differentiable loss ℓ; any hidden widths n_j ≥ min(rows, cols)", "fractional powers of PSD matrices by eigendecomposition (0⁰ = 1)"];

    public override string NoSymbolicCheckBecause =>
        "fractional matrix powers [W_eW_eᵀ]^{(j−1)/N} of a general W_e have no polynomial form (theory.md §8.0: MF-1 for general W is numeric only); the aligned (diagonal) reduction is MF-6's symbolic derivation";
}
