using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims;

/// <summary>
/// One step of a derivation: <see cref="Lhs"/> = <see cref="Rhs"/>, justified by <see cref="Rule"/>, checked
/// exactly by the core — after substituting <see cref="Given"/> (earlier results or the claim's assumptions),
/// lhs − rhs must expand to the zero polynomial. A step that fails makes the derivation (and the claim) fail.
/// </summary>
public sealed record DerivationStep(string Text, Expr Lhs, Expr Rhs, string Rule, IReadOnlyDictionary<Symbol, Expr>? Given = null)
{
    public bool Holds()
    {
        var difference = Lhs - Rhs;
        if (Given is { Count: > 0 }) difference = Substitution.Substitute(difference, Given);
        // Expanding first also normalizes exponents (σ^((2N−2)/N) = σ^(2−2/N)), so equal powers are one atom.
        return Polynomial.FromExpr(Expansion.Expand(difference)).IsZero;
    }
}
