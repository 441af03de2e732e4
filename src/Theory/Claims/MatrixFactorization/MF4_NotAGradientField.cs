namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACH18 "no regularizer" theorem (theory.md MF-4): for depth N ≥ 2 and a loss with ∇ℓ(0) ≠ 0, the end-to-end vector
/// field F(W) = −Σ_j [WWᵀ]^{(j−1)/N} ∇ℓ(W) [WᵀW]^{(N−j)/N} of MF-1 is not the gradient of any function of W, so depth's
/// effect on the end matrix cannot be a penalty added to ℓ. Numeric only (theory.md §8.0: fractional matrix powers).
/// </summary>
public sealed class MF4_NotAGradientField : Claim
{
    public override string Id => "MF-4";
    public override string Title => "Depth N ≥ 2: the end-to-end field is not a gradient field when ∇ℓ(0) ≠ 0";
    public override Citation Citation => new(Paper.ACH18, "Thm \"no regularizer\"", Confidence.Recalled);

    public override Statement Statement => new(
        "for N ≥ 2 and ∇ℓ(0) ≠ 0, F(W) = −Σ_j [WWᵀ]^((j−1)/N) ∇ℓ(W) [WᵀW]^((N−j)/N) is not ∇ of any function: ∮ F·dW ≠ 0 on some small loop (its Jacobian is not symmetric)",
        @"N\ge2,\ \nabla\ell(0)\ne0\ \Rightarrow\ \nexists\,\psi:\ -\sum_{j=1}^{N}\big[WW^\top\big]^{\frac{j-1}{N}}\nabla\ell(W)\big[W^\top W\big]^{\frac{N-j}{N}}=\nabla\psi(W)");

    public override IReadOnlyList<string> Assumptions =>
        ["depth N ≥ 2", "ℓ continuously differentiable with ∇ℓ(0) ≠ 0 (checked with ℓ(W) = ½‖W − Y‖², Y ≠ 0)",
         "F is C¹ where W has full rank (fractional powers of PSD matrices by eigendecomposition, 0⁰ = 1)"];

    public override string NoSymbolicCheckBecause =>
        "the claim is about fractional matrix powers [WWᵀ]^{(j−1)/N} of a general W, which have no polynomial form (theory.md §8.0 lists MF-4 as numeric only); the check measures the Jacobian's antisymmetric part and a loop circulation";
}
