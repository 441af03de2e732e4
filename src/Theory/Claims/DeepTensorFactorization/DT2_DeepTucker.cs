using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

/// <summary>theory.md DT-2.C: the conserved quantities of the H24 deep Tucker model under gradient flow.</summary>
public sealed class DT2C_DeepTuckerInvariants : Claim
{
    public override string Id => "DT-2.C";
    public override string Title => "Deep Tucker (H24 code model): slice-vs-chain norms and chain Gram differences are conserved";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.C (our derivation on the code's model, TuckerLayer.py L54–148)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "L ≥ 2: ‖𝒢^(n)_i‖² − ‖P^(n)_{i,1}‖²_F, P_kᵀP_k − P_{k+1}P_{k+1}ᵀ, P_{L−1}ᵀP_{L−1} − M_{:,i}M_{:,i}ᵀ constant; L = 1: 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) constant",
        @"\frac{d}{dt}\Big(\|\mathcal G^{(n)}_i\|_F^2-\|P^{(n)}_{i,1}\|_F^2\Big)=0,\ \frac{d}{dt}\Big(P^{(n)\top}_{i,k}P^{(n)}_{i,k}-P^{(n)}_{i,k+1}P^{(n)\top}_{i,k+1}\Big)=0,\ \frac{d}{dt}\Big(P^{(n)\top}_{i,L-1}P^{(n)}_{i,L-1}-M^{(n)}_{:,i}M^{(n)\top}_{:,i}\Big)=0;\ L=1:\ \frac{d}{dt}\big(\mathcal G_{(n)}\mathcal G_{(n)}^\top-U^{(n)\top}U^{(n)}\big)=0");

    public override IReadOnlyList<string> Assumptions => ["gradient flow (plain GD to O(η); not Adam)", "any differentiable loss of the end tensor", "any initialization"];

    private static readonly (int N, int D, int L)[] Sizes = [(2, 2, 1), (2, 2, 2), (2, 2, 3), (3, 2, 1), (3, 2, 2)];

    public override IReadOnlyList<IdentityInstance> Identities => Sizes.Select(s => new IdentityInstance(
        $"d/dt of every DT-2.C invariant entry ≡ 0, N={s.N}, D=R={s.D}, L={s.L}, free symbolic ∇ℓ", () =>
        {
            var model = new SymbolicDeepTucker(s.N, s.D, s.L);
            var invariants = model.Invariants().ToList();
            var failing = model.NonConserved(invariants);
            return (failing.Count == 0, $"{invariants.Count} invariant entries, {failing.Count} with non-zero rate{(failing.Count > 0 ? ": " + string.Join("; ", failing.Take(3)) : "")}");
        })).ToArray();
}

/// <summary>
/// theory.md DT-2.1 (our derivation): at a balanced chain with s_i² = ‖P_{i,1}‖²_F: ṡ_i = γ̃_i s_i^L and, for Q = s_i‖f_i‖,
/// Q̇ = (L+1) γ̃_i Q^{2−2/(L+1)}.
/// </summary>
public sealed class DT21_SliceNormDynamics : Claim
{
    public static readonly Symbol L = Expr.Sym("L", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol S = Expr.Sym("s", SymbolAssumptions.Positive);
    public static readonly Symbol Q = Expr.Sym("Q", SymbolAssumptions.Positive);
    public static readonly Symbol Gamma = Expr.Sym("gamma");
    private static readonly Symbol K = Expr.Sym("K", SymbolAssumptions.PositiveInteger);

    /// <summary>γ̃ s^L.</summary>
    public static Expr SliceRate => Gamma * Expr.Pow(S, L);

    /// <summary>(L+1) γ̃ Q^{2−2/(L+1)}.</summary>
    public static Expr ProductRate => (L + Expr.One) * Gamma * Expr.Pow(Q, Expr.Two - Expr.Two / (L + Expr.One));

    public override string Id => "DT-2.1";
    public override string Title => "Deep Tucker core-slice norms move as γ̃·s^L; Q = s‖f‖ as (L+1)·γ̃·Q^(2−2/(L+1))";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.1 (our derivation)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "ṡ_i = γ̃_i s_i^L, Q̇ = (L+1) γ̃_i Q^(2−2/(L+1)), s_i = ‖f_i‖^(1/L) = Q^(1/(L+1)) (balanced chain)",
        @"\frac{d}{dt}s^{(n)}_i=\tilde\gamma^{(n)}_i\big(s^{(n)}_i\big)^{L},\qquad \frac{d}{dt}Q=(L+1)\,\tilde\gamma^{(n)}_i\,Q^{\,2-\frac{2}{L+1}}",
        Differentiation.RateSymbol(Q), Relation.Equal, ProductRate);

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "chain (n, i) balanced (all its DT-2.C matrix invariants zero) so every chain factor is rank one", "s_i² = ‖P_{i,1}‖²_F (resp. ‖M_{:,i}‖² for L = 1)", "s_i > 0"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            Symbol sDot = Differentiation.RateSymbol(S);
            var qRate = RateDerivation.Derive(Expr.Pow(S, L + Expr.One), Q, Q, [new KnownRate(S, SliceRate)]);
            return
            [
                new("d(s²)/dt = 2⟨−∇ℓ, 𝒲^(n,i)⟩ = 2γ̃ s‖f‖ (linearity in 𝒢) and ‖f‖ = s^L (balanced chain): so ṡ = γ̃ s^L satisfies it:",
                    Differentiation.TimeDerivative(Expr.Pow(S, Expr.Two), new Dictionary<Symbol, Expr> { [S] = sDot }), Expr.Two * Gamma * S * Expr.Pow(S, L),
                    "chain rule; ‖f‖ = s^L", new Dictionary<Symbol, Expr> { [sDot] = SliceRate }),
                new("Q = s‖f‖ = s^{L+1}: differentiating and solving for Q̇, then s = Q^{1/(L+1)} (exponents simplified):",
                    Simplification.Simplify(Substitution.Substitute(qRate, S, Expr.Pow(Q, Expr.One / (L + Expr.One)))),
                    (L + Expr.One) * Gamma * Expr.Pow(Q, Expr.Two * L / (L + Expr.One)),
                    "implicit differentiation (RateDerivation); Simplification.Simplify"),
                // The core does not combine terms over a common denominator (L+1), so the exponent identity
                // 2L/(L+1) = 2 − 2/(L+1) is checked with K = L + 1, where K·K⁻¹ cancels.
                new("and with K = L + 1 the exponents agree, 2(K−1)/K = 2 − 2/K: the derived rate is the claimed (L+1)γ̃Q^{2−2/(L+1)}:",
                    Simplification.Simplify(Substitution.Substitute((L + Expr.One) * Gamma * Expr.Pow(Q, Expr.Two * L / (L + Expr.One)), L, K - Expr.One)),
                    Substitution.Substitute(ProductRate, L, K - Expr.One), "substitution L = K − 1; Simplification.Simplify"),
            ];
        }
    }
}

/// <summary>theory.md DT-2.2: the full HOSVD core's mode-n slice norms are the mode-n singular values.</summary>
public sealed class DT22_HosvdCoreSliceNorms : Claim
{
    public override string Id => "DT-2.2";
    public override string Title => "HOSVD core slice norms are the mode-n singular values";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.2 (model.py L202–214 HOSVD counts)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "For 𝒲 = 𝒞 ×_n V^(n) with V^(n) the left singular vectors of 𝒲_(n): ‖𝒞^(n)_i‖_F = σ_i(𝒲_(n))",
        @"\|\mathcal C^{(n)}_i\|_F=\sigma_i\big(\mathcal W_{(n)}\big)");

    public override IReadOnlyList<string> Assumptions => ["full-multirank HOSVD with orthogonal V^(n) (left singular vectors of each unfolding)"];

    public override string? NoSymbolicCheckBecause =>
        "the identity needs the SVD factors V^(n) of the unfoldings (numeric; theory.md §8.0 'with numeric orthogonal V'); checked numerically to 1e-12 of σ₁, with a non-orthogonal Tucker core as control.";
}

/// <summary>
/// theory.md DT-2.C': with the code's norm-balanced initialization (every M_{:,i} and chain matrix P_{i,k} has Frobenius norm s_i)
/// the traces of the DT-2.C invariants are zero, so s_i(t) = ‖P_{i,k}(t)‖_F = ‖M_{:,i}(t)‖ for all t under gradient flow.
/// </summary>
public sealed class DT2CPrime_CodeInitNormEqualities : Claim
{
    public override string Id => "DT-2.C'";
    public override string Title => "With the H24 code's init, core-slice, chain and column norms stay equal (GF)";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.C' (ColNormRandomNormal / NormRandomNormal, TuckerLayer.py L23–51)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "code init (‖M_{:,i}(0)‖ = ‖P_{i,k}(0)‖_F = s_i(0)) ⇒ s_i(t) = ‖P_{i,1}(t)‖_F = ⋯ = ‖P_{i,L−1}(t)‖_F = ‖M_{:,i}(t)‖ ∀t",
        @"\|\mathcal G^{(n)}_i(t)\|_F=\|P^{(n)}_{i,1}(t)\|_F=\cdots=\|P^{(n)}_{i,L-1}(t)\|_F=\|M^{(n)}_{:,i}(t)\|\quad\forall t");

    public override IReadOnlyList<string> Assumptions => ["gradient flow (plain GD to O(η); not Adam, which the code uses)", "the code's norm-balanced initialization"];

    public override string? NoSymbolicCheckBecause =>
        "a consequence of DT-2.C (traces of its conserved matrices, checked symbolically there) and of the initial equalities; checked numerically: equalities exact at the code's init, GD drift O(η) (order ≈ 1), and a Gaussian init as control.";
}
