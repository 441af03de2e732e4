namespace ImplicitReg.Theory.Claims.NotExplainableByNorms;

/// <summary>
/// RC20 (theory.md NN-1): under balanced gradient flow with L ≥ 2 the sign of det W_{L:1} never changes (MF-9 and
/// Grönwall). The informal GD version needs a small step and a balancedness-type hypothesis: unbalanced init
/// (the 1×1 counterexample w₁ = α, w₂ = 2α, target −1) and large steps flip it.
/// </summary>
public sealed class NN1_DeterminantSign : Claim
{
    public override string Id => "NN-1";
    public override string Title => "sign det W is preserved under balanced gradient flow (depth ≥ 2)";
    public override Citation Citation => new(Paper.RC20, "main lemma (determinant sign)", Confidence.Recalled);

    public override Statement Statement => new(
        "sign det W_{L:1}(t) = sign det W_{L:1}(0) for all t (balanced GF, L ≥ 2)",
        @"\operatorname{sign}\det W_{L:1}(t)=\operatorname{sign}\det W_{L:1}(0)\quad\forall t\ge0");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow (GD: sufficiently small step)", "balanced initialization C_j(0) = 0", "depth L ≥ 2", "square end matrix"];

    public override string NoSymbolicCheckBecause =>
        "a statement about a whole trajectory (Grönwall on MF-9's d/dt det W = −N det W·Σσ_r^{1−2/N}⟨∇ℓ, u_rv_rᵀ⟩, whose factor is bounded for N ≥ 2); MF-9 carries the symbolic part, NN-1 is checked on GD runs (theory.md §8.0, §9: numeric property)";
}
