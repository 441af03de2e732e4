using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

/// <summary>Symbols shared by DT-1 and DT-1b.</summary>
public static class DeepCpSymbols
{
    public static readonly Symbol N = Expr.Sym("N", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol L = Expr.Sym("L", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol P = Expr.Sym("P", SymbolAssumptions.Positive);
    public static readonly Symbol S = Expr.Sym("s", SymbolAssumptions.Positive);
    public static readonly Symbol Q = Expr.Sym("q", SymbolAssumptions.Positive);
    public static readonly Symbol Gamma = Expr.Sym("gamma");

    /// <summary>N·L·P^{2−2/(NL)}·γ.</summary>
    public static Expr ComponentRate => N * L * Expr.Pow(P, Expr.Two - Expr.Two / (N * L)) * Gamma;
}

/// <summary>
/// theory.md DT-1 (our derivation, not HKAMA22's): deep CP with factor matrices A^(n) = W_L^(n)⋯W_1^(n), each chain balanced,
/// at an instant where every A^(n) has orthogonal columns: ṡ_r^(n) = L (s_r^(n))^{2−2/L}(P_r/s_r^(n))γ_r (MF-6 on A^(n)) and with
/// equal factor norms Ṗ_r = N L P_r^{2−2/(NL)} γ_r.
/// </summary>
public sealed class DT1_DeepCpAlignedRate : Claim
{
    public override string Id => "DT-1";
    public override string Title => "Deep CP, aligned balanced factors: component norms move as N·L·P^(2−2/(NL))·γ";
    public override Citation Citation => new(Paper.HKAMA22, "theory.md DT-1 (our derivation, not the paper's theorem)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "Ṗ_r = L P_r² γ_r Σ_n (s_r^(n))^(−2/L); with equal factor norms Ṗ_r = N L P_r^(2−2/(NL)) γ_r (aligned, balanced chains)",
        @"\dot P_r=L\,P_r^2\,\gamma_r\sum_n\big(s_r^{(n)}\big)^{-2/L}\ \overset{\text{equal }s}{=}\ NL\,P_r^{\,2-\frac{2}{NL}}\,\gamma_r",
        Differentiation.RateSymbol(DeepCpSymbols.P), Relation.Equal, DeepCpSymbols.ComponentRate);

    public override IReadOnlyList<string> Assumptions =>
    [
        "gradient flow", "every chain W_L^(n)⋯W_1^(n) balanced (W_{j+1}ᵀW_{j+1} = W_jW_jᵀ)",
        "at the instant considered every A^(n) has orthogonal columns (right singular vectors = standard basis)", "equal factor norms s_r^(n) = P_r^{1/N} for the closed form",
    ];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            Symbol n = DeepCpSymbols.N, l = DeepCpSymbols.L, p = DeepCpSymbols.P, s = DeepCpSymbols.S, gamma = DeepCpSymbols.Gamma;
            Symbol sDot = Differentiation.RateSymbol(s);
            var factorRate = l * Expr.Pow(s, Expr.One - Expr.Two / l) * p * gamma; // L s^{2−2/L} (P/s) γ
            var u = Expr.Pow(s, Expr.Two / l);
            // L is an integer symbol, so RateDerivation keeps it constant.
            var derived = RateDerivation.Derive(u, Expr.Pow(p, Expr.Two / (n * l)), p, [new KnownRate(u, Expr.Two * p * gamma)]);
            return
            [
                new("MF-6 on A^(n) (column r is a singular vector, depth L): ṡ = L s^{2−2/L}·(P/s)·γ; then s^{2/L} moves at 2Pγ:",
                    Differentiation.TimeDerivative(u, new Dictionary<Symbol, Expr> { [s] = sDot }), Expr.Two * p * gamma, "chain rule",
                    new Dictionary<Symbol, Expr> { [sDot] = factorRate }),
                new("Equal factor norms: s^{2/L} = P^{2/(NL)}; solving its time derivative for Ṗ (symbolic N, L) gives the claim:",
                    derived, DeepCpSymbols.ComponentRate, "implicit differentiation (RateDerivation)"),
            ];
        }
    }
}

/// <summary>
/// theory.md DT-1b (our derivation): the balanced aligned law written per factor, s = P^{1/N}: ṡ = Lγ s^{N+1−2/L}, and per
/// layer, q = P^{1/(NL)}: q̇ = γ q^{NL−1} — exponents linear in depth L.
/// </summary>
public sealed class DT1b_PerFactorAndPerLayerRates : Claim
{
    public override string Id => "DT-1b";
    public override string Title => "Per-factor and per-layer forms: ṡ = Lγ·s^(N+1−2/L), q̇ = γ·q^(NL−1)";
    public override Citation Citation => new(Paper.HKAMA22, "theory.md DT-1b (our derivation; whether it is HKAMA22's 'polynomial growth' is a guess)", Confidence.Inferred);

    public static Expr FactorRate => DeepCpSymbols.L * DeepCpSymbols.Gamma * Expr.Pow(DeepCpSymbols.S, DeepCpSymbols.N + Expr.One - Expr.Two / DeepCpSymbols.L);
    public static Expr LayerRate => DeepCpSymbols.Gamma * Expr.Pow(DeepCpSymbols.Q, DeepCpSymbols.N * DeepCpSymbols.L - Expr.One);

    public override Statement Statement => new(
        "with Ṗ = N L P^(2−2/(NL)) γ: s = P^(1/N) moves as ṡ = Lγ s^(N+1−2/L); q = P^(1/(NL)) as q̇ = γ q^(NL−1)",
        @"\dot s=L\,\gamma\,s^{\,N+1-\frac2L},\qquad \dot q=\gamma\,q^{\,NL-1}");

    public override IReadOnlyList<string> Assumptions => ["the DT-1 setting (aligned, balanced, equal factor norms)", "P > 0"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            Symbol n = DeepCpSymbols.N, l = DeepCpSymbols.L, p = DeepCpSymbols.P, s = DeepCpSymbols.S, q = DeepCpSymbols.Q;
            var given = new[] { new KnownRate(p, DeepCpSymbols.ComponentRate) };
            var sRate = RateDerivation.Derive(Expr.Pow(s, n), p, s, given);
            var qRate = RateDerivation.Derive(Expr.Pow(q, n * l), p, q, given);
            return
            [
                // Substituting P = s^N leaves exponents like (2 − 2/(NL))·N unexpanded, which Polynomial treats as
                // different atoms; Simplification.Simplify normalizes them before the exact comparison.
                new("Differentiating s^N = P and solving for ṡ, then P = s^N (exponents simplified):",
                    Simplification.Simplify(Substitution.Substitute(sRate, p, Expr.Pow(s, n))), FactorRate, "implicit differentiation (RateDerivation); P = s^N; Simplification.Simplify"),
                new("Differentiating q^{NL} = P and solving for q̇, then P = q^{NL} (exponents simplified):",
                    Simplification.Simplify(Substitution.Substitute(qRate, p, Expr.Pow(q, n * l))), LayerRate, "implicit differentiation (RateDerivation); P = q^{NL}; Simplification.Simplify"),
            ];
        }
    }

    public override IReadOnlyList<IdentityInstance> Identities => [];
}
