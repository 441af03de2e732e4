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
