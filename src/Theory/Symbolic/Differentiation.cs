namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Partial derivatives by the sum, product, general power and chain rules
/// (d/dx u^v = u^v (v' log u + v u'/u); d|u| = sign(u) u' for real u; d sign(u) = 0 away from 0),
/// and the total time derivative of gradient-flow derivations.
/// </summary>
public static class Differentiation
{
    public static Expr Differentiate(Expr e, Symbol x)
    {
        if (!e.Contains(x)) return Expr.Zero;
        switch (e)
        {
            case Symbol: return Expr.One;
            case Sum s: return Expr.Add(s.Terms.Select(t => Differentiate(t, x)));
            case Product p:
                {
                    var terms = new List<Expr>(p.Factors.Length);
                    for (int i = 0; i < p.Factors.Length; i++)
                    {
                        var d = Differentiate(p.Factors[i], x);
                        if (d.IsZero) continue;
                        var others = new Expr[p.Factors.Length];
                        for (int j = 0; j < others.Length; j++) others[j] = j == i ? d : p.Factors[j];
                        terms.Add(Expr.Multiply(others));
                    }
                    return Expr.Add(terms);
                }
            case Power p:
                {
                    var db = Differentiate(p.Base, x);
                    if (!p.Exponent.Contains(x))
                        return Expr.Multiply(p.Exponent, Expr.Pow(p.Base, p.Exponent - Expr.One), db);
                    var dx = Differentiate(p.Exponent, x);
                    return Expr.Multiply(e, Expr.Add(
                        Expr.Multiply(dx, Expr.Log(p.Base)),
                        Expr.Multiply(p.Exponent, db, Expr.Pow(p.Base, Expr.MinusOne))));
                }
            case Function f:
                {
                    var u = f.Argument;
                    var du = Differentiate(u, x);
                    Expr outer = f.Kind switch
                    {
                        FunctionKind.Exp => e,
                        FunctionKind.Log => Expr.Pow(u, Expr.MinusOne),
                        FunctionKind.Abs => Expr.Call(FunctionKind.Sign, u),
                        FunctionKind.Sign => Expr.Zero,
                        FunctionKind.Sin => Expr.Call(FunctionKind.Cos, u),
                        FunctionKind.Cos => -Expr.Call(FunctionKind.Sin, u),
                        FunctionKind.Tan => Expr.One + Expr.Pow(e, Expr.Two),
                        _ => throw new InvalidOperationException($"No derivative rule for {f.Name}."),
                    };
                    return Expr.Multiply(outer, du);
                }
            default:
                throw new InvalidOperationException($"Unknown node {e.GetType().Name}.");
        }
    }

    /// <summary>k-th partial derivative.</summary>
    public static Expr Differentiate(Expr e, Symbol x, int order)
    {
        if (order < 0) throw new ArgumentOutOfRangeException(nameof(order), "The order of a derivative must be ≥ 0.");
        for (int i = 0; i < order; i++) e = Differentiate(e, x);
        return e;
    }

    /// <summary>
    /// Total time derivative d/dt e = Σ_s ∂e/∂s · ṡ over the time-dependent symbols s (the keys of
    /// <paramref name="rates"/>, with ṡ their values); every other symbol is constant in time.
    /// </summary>
    public static Expr TimeDerivative(Expr e, IReadOnlyDictionary<Symbol, Expr> rates) =>
        Expr.Add(rates.Where(kv => e.Contains(kv.Key)).Select(kv => Expr.Multiply(Differentiate(e, kv.Key), kv.Value)));

    /// <summary>The symbol that stands for the unknown rate ṡ of s in <see cref="RateOf"/> derivations.</summary>
    public static Symbol RateSymbol(Symbol s) => Expr.Sym(s.Name + "′", s.Assumptions & Assumptions.Real);
}
