using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

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
