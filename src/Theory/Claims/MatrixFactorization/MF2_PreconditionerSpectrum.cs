namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACH18 Claim 1 (theory.md MF-2): in column-major vec form the balanced end-to-end rule (MF-1) reads
/// vec(Ẇ_e) = −λN vec(W_e) − P_{W_e} vec(∇ℓ(W_e)) with P_W = Σ_j (WᵀW)^{(N−j)/N} ⊗ (WWᵀ)^{(j−1)/N} ⪰ 0, whose eigenvectors
/// are vec(u_rv_{r'}ᵀ) and eigenvalues Σ_j σ_r^{2(j−1)/N} σ_{r'}^{2(N−j)/N} (σ zero-padded, 0⁰ = 1). Numeric only
/// (theory.md §8.0: fractional matrix powers).
/// </summary>
public sealed class MF2_PreconditionerSpectrum : Claim
{
    public override string Id => "MF-2";
    public override string Title => "P_W = Σ_j (WᵀW)^((N−j)/N) ⊗ (WWᵀ)^((j−1)/N) ⪰ 0 preconditions vec ∇ℓ; eigenvalues Σ_j σ_r^(2(j−1)/N) σ_r'^(2(N−j)/N)";
    public override Citation Citation => new(Paper.ACH18, "Claim 1", Confidence.RecalledCorroborated);

    public override Statement Statement => new(
        "vec(Ẇ_e) = −λN vec(W_e) − P_{W_e} vec(∇ℓ(W_e)), P_W = Σ_j (WᵀW)^((N−j)/N) ⊗ (WWᵀ)^((j−1)/N) ⪰ 0 with eigenvalues Σ_j σ_r^(2(j−1)/N) σ_r'^(2(N−j)/N) on vec(u_r v_r'ᵀ)",
        @"\mathrm{vec}(\dot W_e)=-\lambda N\,\mathrm{vec}(W_e)-P_{W_e}\mathrm{vec}(\nabla\ell(W_e)),\quad P_W=\sum_{j=1}^N\big(W^\top W\big)^{\frac{N-j}{N}}\otimes\big(WW^\top\big)^{\frac{j-1}{N}}\succeq0,\quad P_W\,\mathrm{vec}(u_rv_{r'}^\top)=\Big(\sum_{j=1}^N\sigma_r^{2\frac{j-1}{N}}\sigma_{r'}^{2\frac{N-j}{N}}\Big)\mathrm{vec}(u_rv_{r'}^\top)");

    public override IReadOnlyList<string> Assumptions =>
        ["column-major vec (vec(AXB) = (Bᵀ ⊗ A) vec X)", "balanced initialization C_j(0) = 0 and gradient flow (for the vec(Ẇ_e) form; λ = 0 in the check)",
         "full SVD of W with σ zero-padded to rows × cols; x⁰ = 1 also for x = 0", "any hidden widths n_j ≥ min(rows, cols)"];

    public override string NoSymbolicCheckBecause =>
        "P_W is built from fractional powers of WᵀW and WWᵀ of a general W, which have no polynomial form (theory.md §8.0: MF-2 is numeric only)";
}
