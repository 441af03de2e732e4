using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// RMC21 Thm 1, unbalanced case (theory.md TF-2): with P = σ_T^(r) &gt; 0 and ε the unbalancedness,
/// γ ≥ 0: Nγ P²/(P^{2/N} + ε) ≤ dP/dt ≤ Nγ (P^{2/N} + ε)^{N−1}; γ &lt; 0: the same with the bounds swapped.
/// </summary>
public sealed class TF2_UnbalancedBounds : Claim
{
    public static readonly Symbol P = Expr.Sym("P", SymbolAssumptions.Positive);
    public static readonly Symbol Gamma = Expr.Sym("gamma");

    public override string Id => "TF-2";
    public override string Title => "Unbalanced component norms move between Nγ·P²/(P^(2/N)+ε) and Nγ·(P^(2/N)+ε)^(N−1)";
    public override Citation Citation => new(Paper.RMC21, "Thm 1 (general ε)", Confidence.Recalled);

    public override Statement Statement => new(
        "γ ≥ 0: NγP²/(P^(2/N)+ε) ≤ dP/dt ≤ Nγ(P^(2/N)+ε)^(N−1); γ < 0: Nγ(P^(2/N)+ε)^(N−1) ≤ dP/dt ≤ NγP²/(P^(2/N)+ε)",
        @"\gamma_r\ge0:\ N\gamma_r\frac{P^2}{P^{2/N}+\epsilon}\le\frac{dP}{dt}\le N\gamma_r\big(P^{2/N}+\epsilon\big)^{N-1};\quad \gamma_r<0:\ \text{bounds swapped}");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "ε = max_r max_{n,n'} |‖w_r^n(0)‖² − ‖w_r^{n'}(0)‖²| (conserved by TF-C1)", "P = σ_T^(r)(t) > 0"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            // N = 3 with a_n = ‖w_r^n‖², P² = a₁a₂a₃ and ȧ_n = 2Pγ (TF-1's identities).
            Symbol a1 = Expr.Sym("a_1", SymbolAssumptions.Positive), a2 = Expr.Sym("a_2", SymbolAssumptions.Positive), a3 = Expr.Sym("a_3", SymbolAssumptions.Positive);
            var rate = Expr.Two * P * Gamma;
            var rates = new Dictionary<Symbol, Expr> { [a1] = rate, [a2] = rate, [a3] = rate };
            Symbol pDot = Differentiation.RateSymbol(P);
            var sum = a2 * a3 + a1 * a3 + a1 * a2;
            return
            [
                new("N = 3: with a_n = ‖w_r^n‖², P² = a₁a₂a₃ and ȧ_n = 2Pγ for every n (TF-1's identities), d(P²)/dt = 2Pγ Σ_n Π_{m≠n} a_m:",
                    Differentiation.TimeDerivative(a1 * a2 * a3, rates), Expr.Two * P * Gamma * sum, "product rule (Differentiation.TimeDerivative)"),
                new("so Ṗ = γ Σ_n Π_{m≠n} a_m (= γP² Σ_n a_n⁻¹). The two bounds follow from a_min ≤ P^{2/N} ≤ a_max ≤ a_min + ε: Σ_n Π_{m≠n} a_m ∈ [N P²/a_max, N a_max^{N−1}] — inequalities, checked numerically (the symbolic core has no inequality prover):",
                    Expr.Two * P * pDot, Expr.Two * P * Gamma * sum, "d(P²)/dt = 2PṖ", new Dictionary<Symbol, Expr> { [pDot] = Gamma * sum }),
            ];
        }
    }
}
