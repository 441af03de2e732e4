namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Full distributive expansion: products over sums, natural powers of sums (multinomially), the base
/// of negative integer powers of sums (1/(x+1)^2 → 1/(x^2+2x+1), as SymPy's expand), recursively inside
/// exponents and function arguments. Exponent sums are not split (x^(a+b) stays: it is canonical).
/// </summary>
public static class Expansion
{
    public static Expr Expand(Expr e) => e switch
    {
        Number or Symbol => e,
        Sum s => Expr.Add(s.Terms.Select(Expand)),
        Product p => p.Factors.Select(Expand).Aggregate(Expr.One, Distribute),
        Power p => ExpandPower(Expand(p.Base), Expand(p.Exponent)),
        Function f => Expr.Call(f.Kind, Expand(f.Argument)),
        _ => throw new InvalidOperationException($"Unknown node {e.GetType().Name}."),
    };

    private static Expr ExpandPower(Expr b, Expr x)
    {
        if (b is Sum && x is Number { Value: { IsInteger: true } n })
        {
            if (n.Sign > 0) return NaturalPower(b, (int)n.Numerator);
            return Expr.Pow(NaturalPower(b, (int)(-n).Numerator), Expr.MinusOne);
        }
        var r = Expr.Pow(b, x);
        // Pow may distribute over a product into sums raised to integer powers: expand those too.
        return r is Product ? Reexpand(r) : r;
    }

    private static Expr NaturalPower(Expr b, int n)
    {
        if (n > 10_000) throw new OverflowException($"Refusing to expand a sum to the power {n}.");
        Expr result = Expr.One, square = b;
        while (n > 0)
        {
            if ((n & 1) == 1) result = Distribute(result, square);
            n >>= 1;
            if (n > 0) square = Distribute(square, square);
        }
        return result;
    }

    /// <summary>a·b expanded, for already expanded a and b.</summary>
    public static Expr Distribute(Expr a, Expr b)
    {
        if (a is Sum sa)
        {
            var terms = new List<Expr>(sa.Terms.Length * (b is Sum sb0 ? sb0.Terms.Length : 1));
            foreach (var ta in sa.Terms) AddProducts(terms, ta, b);
            return Expr.Add(terms);
        }
        if (b is Sum)
        {
            var terms = new List<Expr>();
            AddProducts(terms, a, b);
            return Expr.Add(terms);
        }
        return Reexpand(Expr.Multiply(a, b));
    }

    private static void AddProducts(List<Expr> terms, Expr a, Expr b)
    {
        if (b is Sum sb) foreach (var tb in sb.Terms) terms.Add(Reexpand(Expr.Multiply(a, tb)));
        else terms.Add(Reexpand(Expr.Multiply(a, b)));
    }

    /// <summary>Merging like bases can create a sum factor again ((x+1)^(1/2)·(x+1)^(1/2) = x+1).</summary>
    private static Expr Reexpand(Expr product) =>
        product is Product p && p.Factors.Any(f => f is Sum || f is Power { Base: Sum, Exponent: Number { Value: { IsInteger: true, Sign: > 0 } } })
            ? Expand(product)
            : product;
}
