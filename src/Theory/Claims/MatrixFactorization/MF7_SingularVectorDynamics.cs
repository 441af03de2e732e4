namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACHL19 Thm 4 (theory.md MF-7; the formula is theory.md's derivation): for a square full-rank end matrix with distinct
/// singular values under balanced gradient flow, with G̃ = Uᵀ∇ℓ(W)V,
/// u̇_r = −Σ_{r'≠r} (σ_rG̃_{r'r} + σ_{r'}G̃_{rr'})/(σ_r^{2/N} − σ_{r'}^{2/N}) u_{r'} and
/// v̇_r = −Σ_{r'≠r} (σ_rG̃_{rr'} + σ_{r'}G̃_{r'r})/(σ_r^{2/N} − σ_{r'}^{2/N}) v_{r'}: the rotation of singular vectors is
/// governed by σ^{2/N} gaps. Numeric only (theory.md §8.0: SVD calculus).
/// </summary>
public sealed class MF7_SingularVectorDynamics : Claim
{
    public override string Id => "MF-7";
    public override string Title => "Singular vectors rotate with couplings (σ_rG̃_{r'r} + σ_r'G̃_{rr'})/(σ_r^(2/N) − σ_r'^(2/N)) under balanced init";
    public override Citation Citation => new(Paper.ACHL19, "Thm 4 [REC]; formula derived in theory.md MF-7", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "u̇_r = −Σ_{r'≠r} (σ_r G̃_{r'r} + σ_r' G̃_{rr'})/(σ_r^(2/N) − σ_r'^(2/N)) u_r', v̇_r = −Σ_{r'≠r} (σ_r G̃_{rr'} + σ_r' G̃_{r'r})/(σ_r^(2/N) − σ_r'^(2/N)) v_r', G̃ = Uᵀ∇ℓ(W)V (balanced GF, square, full rank, distinct σ)",
        @"\dot u_r=-\sum_{r'\ne r}\frac{\sigma_r\tilde G_{r'r}+\sigma_{r'}\tilde G_{rr'}}{\sigma_r^{2/N}-\sigma_{r'}^{2/N}}\,u_{r'},\qquad\dot v_r=-\sum_{r'\ne r}\frac{\sigma_r\tilde G_{rr'}+\sigma_{r'}\tilde G_{r'r}}{\sigma_r^{2/N}-\sigma_{r'}^{2/N}}\,v_{r'},\qquad\tilde G:=U^\top\nabla\ell(W)V");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "balanced initialization C_j(0) = 0 (so Ẇ follows MF-1)", "square end matrix of full rank",
         "distinct singular values (the SVD is differentiable; signs of u_r, v_r fixed jointly along the path)"];

    public override string NoSymbolicCheckBecause =>
        "derivatives of singular vectors of a general matrix (SVD calculus) have no polynomial form (theory.md §8.0: MF-7 is numeric only)";
}
