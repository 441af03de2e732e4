using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>theory.md TF-3: if at least two vectors of component r are zero at t₀, the component stays zero.</summary>
public sealed class TF3_ZeroStaysZero : Claim
{
    public override string Id => "TF-3";
    public override string Title => "Zero components stay zero";
    public override Citation Citation => new(Paper.RMC21, "Thm 1 consequence (theory.md TF-3)", Confidence.Inferred);

    public override Statement Statement => new(
        "If at t₀ at least two of w_r^1..w_r^N are 0, component r is frozen (σ_T^(r)(t) = 0 for t ≥ t₀); under ε = 0, σ_T^(r)(t₀) = 0 ⇒ σ_T^(r) ≡ 0",
        @"\#\{n:\mathbf w_r^n(t_0)=0\}\ge2\ \Rightarrow\ \sigma_T^{(r)}(t)=0\ \ \forall t\ge t_0");

    public override IReadOnlyList<string> Assumptions => ["gradient flow or GD", "at least two zero vectors in component r (under balance, σ = 0 means all are zero)"];

    public override string? NoSymbolicCheckBecause =>
        "a statement about trajectories: each ẇ_r^n = −∇ℒ·Π_{m≠n} w_r^m contains a zero factor; checked numerically — exact zeros stay exactly zero under GD, and a single zero vector revives (control).";
}
