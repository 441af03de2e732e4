using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims;

/// <summary>
/// The scalar reduction behind TF-1 and HTF-1 (theory.md §8.0): K balanced vectors of norm a with product norm
/// P = a^K, each squared norm moving at 2Pγ ⇒ Ṗ = K·P^{2−2/K}·γ for a symbolic positive integer K. One place for
/// the four checked steps; the claims pass their order symbol and their wording.
/// </summary>
public static class BalancedScalarReduction
{
    public static readonly Symbol P = Expr.Sym("P", SymbolAssumptions.Positive);
    public static readonly Symbol A = Expr.Sym("a", SymbolAssumptions.Positive);
    public static readonly Symbol Gamma = Expr.Sym("gamma");

    /// <summary>K·P^{2−2/K}·γ.</summary>
    public static Expr Rate(Symbol order) => order * Expr.Pow(P, Expr.Two - Expr.Two / order) * Gamma;

    public static IReadOnlyList<DerivationStep> Steps(Symbol order, string firstText, string firstRule, string balanceText, string lawText, string solveText)
    {
        Expr a2 = Expr.Pow(A, Expr.Two), balance = Expr.Pow(P, Expr.Two / order);
        Symbol aDot = Differentiation.RateSymbol(A), pDot = Differentiation.RateSymbol(P);
        var rates = new Dictionary<Symbol, Expr> { [A] = aDot, [P] = pDot };
        var written = Expr.Two * A * aDot - Expr.Two / order * Expr.Pow(P, Expr.Two / order - Expr.One) * pDot;
        var derived = RateDerivation.Derive(a2, balance, P, [new KnownRate(a2, Expr.Two * P * Gamma)]);
        return
        [
            new(firstText, Expr.Two * A * aDot, Expr.Two * P * Gamma, firstRule, new Dictionary<Symbol, Expr> { [aDot] = P * Gamma / A }),
            new(balanceText, Differentiation.TimeDerivative(a2 - balance, rates), written, "chain rule (Differentiation.TimeDerivative)"),
            new(lawText, written, Expr.Zero, "substitution", new Dictionary<Symbol, Expr> { [aDot] = P * Gamma / A, [pDot] = Rate(order) }),
            new(solveText, derived, Rate(order), "implicit differentiation (RateDerivation), ȧ eliminated"),
        ];
    }
}
