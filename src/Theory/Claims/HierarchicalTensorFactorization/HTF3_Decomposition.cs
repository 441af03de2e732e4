namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>theory.md HTF-3: 𝒲_H = Σ_r σ_H^(ν,r) Δ^(ν,r) at every interior ν (multilinearity in the rows of W^(ν)).</summary>
public sealed class HTF3_Decomposition : Claim
{
    public override string Id => "HTF-3";
    public override string Title => "The end tensor is the sum of scaled normalized local component tensors at every node";
    public override Citation Citation => new(Paper.RMC22, "§6.1 decomposition (Δ^(ν,r) definition)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "𝒲_H = Σ_r σ_H^(ν,r) Δ^(ν,r) for every interior node ν",
        @"\mathcal W_H=\sum_{r=1}^{R_\nu}\sigma_H^{(\nu,r)}\,\Delta^{(\nu,r)}\quad\forall\nu\ \text{interior}");

    public override IReadOnlyList<string> Assumptions => ["any parameters (σ_H^(ν,r) > 0 for Δ^(ν,r) to be defined; zero components contribute 0)"];

    public override string? NoSymbolicCheckBecause =>
        "Δ^(ν,r) divides by the K_ν vector norms (square roots), so the identity is not polynomial; its polynomial core — σ_HΔ^(ν,r) is the end tensor with the other rows of W^(ν) zeroed — is checked exactly in HTF-1's identities, and the sum over r is linearity in the rows of W^(ν). Checked numerically (1e-12).";
}
