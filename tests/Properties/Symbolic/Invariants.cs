using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>Checks the invariants stated on <see cref="Sum"/>, <see cref="Product"/> and <see cref="Power"/>.</summary>
public static class Invariants
{
    /// <summary>Null when every node of e is canonical; otherwise what is wrong and where.</summary>
    public static string? Violation(Expr e)
    {
        switch (e)
        {
            case Sum s:
                {
                    var t = s.Children;
                    if (t.Count < 2) return $"sum with {t.Count} terms: {e}";
                    if (t.Any(x => x is Sum)) return $"nested sum: {e}";
                    if (t.Any(x => x is Product { Children: [Number, Sum] })) return $"number times a sum inside a sum: {e}";
                    if (t.Skip(1).Any(x => x is Number)) return $"number not first in sum: {e}";
                    if (t[0].IsZero) return $"zero term in sum: {e}";
                    var parts = t.Where(x => x is not Number).Select(x => x is Product { Coefficient: var c } p && !c.IsOne ? Expr.Multiply(p.Children.Skip(1)) : x).ToList();
                    if (parts.Distinct().Count() != parts.Count) return $"uncollected like terms in sum: {e}";
                    for (int i = 1; i < t.Count; i++) if (ExprOrder.Compare(t[i - 1], t[i]) >= 0) return $"terms out of order: {e}";
                    break;
                }
            case Product p:
                {
                    var f = p.Children;
                    if (f.Count < 2) return $"product with {f.Count} factors: {e}";
                    if (f is [Number, Sum]) return $"number times a single sum: {e}";
                    if (f.Any(x => x is Product)) return $"nested product: {e}";
                    if (f.Skip(1).Any(x => x is Number)) return $"number not first in product: {e}";
                    if (f[0] is Number { Value: var c } && (c.IsZero || c.IsOne)) return $"coefficient 0 or 1 in product: {e}";
                    var bases = f.Where(x => x is not Number).Select(x => x is Power pw ? pw.Base : x).ToList();
                    if (bases.Distinct().Count() != bases.Count) return $"uncombined powers of one base: {e}";
                    for (int i = 1; i < f.Count; i++) if (ExprOrder.Compare(f[i - 1], f[i]) >= 0) return $"factors out of order: {e}";
                    break;
                }
            case Power pw:
                if (pw.Exponent.IsZero || pw.Exponent.IsOne) return $"power with exponent 0 or 1: {e}";
                if (pw.Base.IsZero || pw.Base.IsOne) return $"power of 0 or 1: {e}";
                if (pw.Base is Number { Value: var b } && pw.Exponent is Number { Value: var x }
                    && b.Sign > 0 && (x.Sign <= 0 || x >= Rational.One || x.IsInteger))
                    return $"numeric power not reduced: {e}";
                break;
        }
        foreach (var c in e.Children)
            if (Violation(c) is { } v) return v;
        return null;
    }
}
