using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

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
