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

/// <summary>theory.md HTF-4: rank ⟦𝒲_H⟧_ν ≤ #{r : σ_H^(ν,r) &gt; 0} at every interior non-root ν.</summary>
public sealed class HTF4_RankBound : Claim
{
    public override string Id => "HTF-4";
    public override string Title => "Matricization rank at a tree node is at most its number of non-zero local components";
    public override Citation Citation => new(Paper.RMC22, "lemma (hierarchical rank ≤ #non-zero local components)", Confidence.Recalled);

    public override Statement Statement => new(
        "rank ⟦𝒲_H⟧_ν ≤ |{r ∈ [R_ν] : σ_H^(ν,r) > 0}| for every interior non-root ν",
        @"\mathrm{rank}\,⟦\mathcal W_H⟧_\nu\le\big|\{r\in[R_\nu]:\sigma_H^{(\nu,r)}>0\}\big|");

    public override IReadOnlyList<string> Assumptions => ["any parameters", "ν an interior non-root node of the mode tree (the bound is about tree matricizations only)"];

    public override string? NoSymbolicCheckBecause =>
        "a rank inequality (theory.md §8.0 lists HTF-4 as numeric only): each Δ^(ν,r) has a rank-one ν-matricization; checked by SVD ranks at random points with zeroed local components, with a non-tree matricization as control.";
}

/// <summary>theory.md HTF-5: a local component whose vectors are zero (σ = 0 under balance) stays zero.</summary>
public sealed class HTF5_ZeroStaysZero : Claim
{
    public override string Id => "HTF-5";
    public override string Title => "Zero local components stay zero (balanced)";
    public override Citation Citation => new(Paper.RMC22, "Thm 1 consequence (ε = 0)", Confidence.Inferred);

    public override Statement Statement => new(
        "If at t₀ at least two vectors of LC(ν, r) are zero (σ_H = 0 under ε = 0), they stay zero: σ_H^(ν,r)(t) = 0 for t ≥ t₀",
        @"\sigma_H^{(\nu,r)}(t_0)=0,\ \epsilon=0\ \Rightarrow\ \sigma_H^{(\nu,r)}(t)=0\ \ \forall t\ge t_0");

    public override IReadOnlyList<string> Assumptions => ["gradient flow or GD", "at least two vectors of the local component zero (under balance: all of them)"];

    public override string? NoSymbolicCheckBecause =>
        "a statement about trajectories (each velocity of the component contains a product with another of its zero vectors, so zero is invariant); checked numerically: exact zeros stay exactly zero under GD, and a single zero vector (unbalanced) revives as the control.";
}
