namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>theory.md HTF-2: TF-2's unbalanced bounds with N → K_ν, γ → ⟨−∇ℒ_H, Δ^(ν,r)⟩, P → σ_H^(ν,r).</summary>
public sealed class HTF2_UnbalancedBounds : Claim
{
    public override string Id => "HTF-2";
    public override string Title => "Unbalanced local component norms move between Kγ·P²/(P^(2/K)+ε) and Kγ·(P^(2/K)+ε)^(K−1)";
    public override Citation Citation => new(Paper.RMC22, "Thm 1 (general ε) [REC that the paper states them]", Confidence.Recalled);

    public override Statement Statement => new(
        "γ ≥ 0: KγP²/(P^(2/K)+ε) ≤ dσ_H/dt ≤ Kγ(P^(2/K)+ε)^(K−1), P = σ_H^(ν,r), γ = ⟨−∇ℒ_H, Δ^(ν,r)⟩; γ < 0: bounds swapped",
        @"\gamma_{\nu,r}\ge0:\ K_\nu\gamma_{\nu,r}\frac{P^2}{P^{2/K_\nu}+\epsilon}\le\frac{d\sigma_H^{(\nu,r)}}{dt}\le K_\nu\gamma_{\nu,r}\big(P^{2/K_\nu}+\epsilon\big)^{K_\nu-1};\quad\gamma_{\nu,r}<0:\ \text{swapped}");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "ε = max_{ν,r} max_{a,b ∈ LC(ν,r)} |‖a‖² − ‖b‖²| (conserved by HTF-C1)", "P = σ_H^(ν,r)(t) > 0"];

    public override string? NoSymbolicCheckBecause =>
        "two-sided inequalities; their equality core d/dt‖a‖² = 2⟨−∇ℒ_H, σ_HΔ⟩ is checked exactly in HTF-1's identities and the Ṗ = γ Σ_a Π_{b≠a} ‖b‖² step in TF-2 (same algebra with N → K); the bounds themselves are checked numerically at unbalanced points, with ε := 0 as control.";
}
