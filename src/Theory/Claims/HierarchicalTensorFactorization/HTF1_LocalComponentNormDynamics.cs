using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>
/// RMC22 Thm 1, balanced case (theory.md HTF-1): dσ_H^(ν,r)/dt = K σ_H^{2−2/K} ⟨−∇ℒ_H, Δ^(ν,r)⟩, K = |C(ν)| + 1.
/// Derivation: every vector a of the local component has d/dt‖a‖² = 2⟨−∇ℒ_H, σ_H Δ^(ν,r)⟩ (exact identities at
/// fixed trees, σ_H Δ = end tensor with the other rows of W^(ν) zeroed), then the scalar reduction of TF-1 with
/// N → K: a² = P^{2/K} differentiated implicitly for symbolic K.
/// </summary>
public sealed class HTF1_LocalComponentNormDynamics : Claim
{
    public static readonly Symbol K = Expr.Sym("K", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol P = BalancedScalarReduction.P;
    public static readonly Symbol A = BalancedScalarReduction.A;
    public static readonly Symbol Gamma = BalancedScalarReduction.Gamma;

    /// <summary>K·P^{2−2/K}·γ with γ = ⟨−∇ℒ_H, Δ^(ν,r)⟩, compiled by the numeric check.</summary>
    public static Expr Rate => BalancedScalarReduction.Rate(K);

    public override string Id => "HTF-1";
    public override string Title => "Local component norms move as K·σ^(2−2/K)·⟨−∇ℒ, Δ⟩ under balance";
    public override Citation Citation => new(Paper.RMC22, "Thm 1 (ε = 0)", Confidence.Recalled);

    public override Statement Statement => new(
        "dσ_H^(ν,r)/dt = K_ν σ_H^(2−2/K_ν)·⟨−∇ℒ_H, Δ^(ν,r)⟩, K_ν = |C(ν)|+1 (balanced local component)",
        @"\frac{d}{dt}\sigma_H^{(\nu,r)}=K_\nu\big(\sigma_H^{(\nu,r)}\big)^{2-\frac{2}{K_\nu}}\Big\langle-\nabla\mathcal L_H(\mathcal W_H),\Delta^{(\nu,r)}\Big\rangle,\quad K_\nu=|C(\nu)|+1",
        Differentiation.RateSymbol(P), Relation.Equal, Rate);

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "the K_ν vectors of local component (ν, r) have equal norms at t (for all t when ε = 0, by HTF-C1)", "σ_H^(ν,r)(t) > 0"];

    public override IReadOnlyList<IdentityInstance> Identities =>
        HTFC1_Conservation.Sizes.Select(s => SquaredNormRate(s.Tree, s.D, s.Width)).ToArray();

    private static IdentityInstance SquaredNormRate(string tree, int d, int width) =>
        new($"d/dt‖a‖² = 2⟨−∇ℒ_H, σ_H Δ^(ν,r)⟩ for every vector a of every local component, tree {tree}, D={d}, R_ν={width}, free symbolic ∇ℒ", () =>
        {
            var htf = new SymbolicHtf(tree, d, width);
            return htf.InteriorNodes.SelectMany(v => Enumerable.Range(0, htf.Width(v)).SelectMany(r =>
            {
                var projection = Expr.Two * htf.NegativeGradientInner(htf.ScaledLocalComponentTensor(v, r));
                return htf.LocalComponentRateExprs(v, r).Select((rate, a) => new IdentityResidual($"node {htf.Label(v)}, r={r + 1}, vector {a + 1}", rate - projection));
            }));
        }, "vector rates");

    public override IReadOnlyList<DerivationStep> Derivation => BalancedScalarReduction.Steps(K,
        "Every vector's squared-norm rate (identities above), d(a²)/dt = 2Pγ with P = σ_H, fixes ȧ = Pγ/a:",
        "d(a²)/dt = 2aȧ; γ = ⟨−∇ℒ_H, Δ⟩",
        "Balance: all K vectors have norm a, P = a^K, i.e. a² − P^{2/K} = 0; differentiating in t:",
        "The claimed law satisfies it: with ȧ = Pγ/a and Ṗ = K P^{2−2/K} γ the derivative vanishes:",
        "Solving the differentiated relation for Ṗ (linear in Ṗ, symbolic K) gives exactly the claimed right-hand side:");
}
