namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

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
