namespace ImplicitReg.Theory.Symbolic;

/// <summary>Simultaneous replacement of symbols (or of any subexpression) and rebuilding through the
/// smart constructors, so the result is canonical again.</summary>
public static class Substitution
{
    public static Expr Substitute(Expr e, IReadOnlyDictionary<Symbol, Expr> map) =>
        map.Count == 0 ? e : Replace(e, x => x is Symbol s && map.TryGetValue(s, out var r) ? r : null);

    public static Expr Substitute(Expr e, Symbol s, Expr value) =>
        Substitute(e, new Dictionary<Symbol, Expr> { [s] = value });

    /// <summary>Replaces every subexpression equal to <paramref name="pattern"/> (structurally).</summary>
    public static Expr ReplaceAll(Expr e, Expr pattern, Expr replacement) =>
        Replace(e, x => x.Equals(pattern) ? replacement : null);

    /// <summary>Top-down rewrite: where <paramref name="rule"/> returns non-null, that replaces the node.</summary>
    public static Expr Replace(Expr e, Func<Expr, Expr?> rule)
    {
        var r = rule(e);
        if (r is not null) return r;
        return e switch
        {
            Number or Symbol => e,
            Sum s => Rebuild(s.Terms, rule, out var t) ? Expr.Add(t) : e,
            Product p => Rebuild(p.Factors, rule, out var f) ? Expr.Multiply(f) : e,
            Power p => Rebuild([p.Base, p.Exponent], rule, out var bx) ? Expr.Pow(bx[0], bx[1]) : e,
            Function f => Replace(f.Argument, rule) is var a && !ReferenceEquals(a, f.Argument) ? Expr.Call(f.Kind, a) : e,
            _ => throw new InvalidOperationException($"Unknown node {e.GetType().Name}."),
        };
    }

    private static bool Rebuild(Expr[] items, Func<Expr, Expr?> rule, out Expr[] result)
    {
        result = items;
        bool changed = false;
        for (int i = 0; i < items.Length; i++)
        {
            var r = Replace(items[i], rule);
            if (!ReferenceEquals(r, items[i]))
            {
                if (!changed) { result = (Expr[])items.Clone(); changed = true; }
                result[i] = r;
            }
        }
        return changed;
    }
}
