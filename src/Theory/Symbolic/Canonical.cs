using System.Numerics;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Automatic simplification: the smart constructors that keep the invariants written on
/// <see cref="Sum"/>, <see cref="Product"/>, <see cref="Power"/> and <see cref="Function"/>.
/// Rules follow Cohen's automatic simplification (flatten, fold numbers, collect like terms and like
/// bases, sort; a number times a sum is distributed when it stands alone or as a term of a sum) plus the branch-safe power rules SymPy applies automatically:
/// (x^a)^b = x^(ab) when b is an integer, x &gt; 0 with a real, or -1 &lt; a ≤ 1 rational;
/// (x^(2k))^b = |x|^(2kb) for real x; (xy)^b = x^b y^b for integer b or positive factors.
/// </summary>
internal static class Canonical
{
    // ---------------------------------------------------------------- sums
    public static Expr Add(IEnumerable<Expr> operands)
    {
        var constant = Rational.Zero;
        var coefficients = new Dictionary<Expr, Rational>();
        var order = new List<Expr>();

        void Accumulate(Expr e, Rational scale)
        {
            switch (e)
            {
                case Number n:
                    constant += scale * n.Value;
                    break;
                case Sum s:
                    foreach (var t in s.Terms) Accumulate(t, scale);
                    break;
                default:
                    var (c, term) = SplitCoefficient(e);
                    c *= scale;
                    if (term is Sum inner)
                    {
                        // A number times a sum, as a term of a sum, is distributed: x - (y - z) = x - y + z.
                        foreach (var t in inner.Terms) Accumulate(t, c);
                        break;
                    }
                    if (coefficients.TryGetValue(term, out var old)) coefficients[term] = old + c;
                    else { coefficients[term] = c; order.Add(term); }
                    break;
            }
        }

        foreach (var e in operands) Accumulate(e, Rational.One);

        var terms = new List<Expr>(order.Count + 1);
        foreach (var term in order)
        {
            var c = coefficients[term];
            if (!c.IsZero) terms.Add(WithCoefficient(c, term));
        }
        terms.Sort(ExprOrder.Comparer);
        if (!constant.IsZero) terms.Insert(0, Expr.Num(constant));
        return terms.Count switch
        {
            0 => Expr.Zero,
            1 => terms[0],
            _ => new Sum(terms.ToArray()),
        };
    }

    /// <summary>c·T with T the non-numeric part: 3xy → (3, xy); x → (1, x).</summary>
    internal static (Rational, Expr) SplitCoefficient(Expr e)
    {
        if (e is Product p && p.Factors[0] is Number n)
            return (n.Value, p.Factors.Length == 2 ? p.Factors[1] : new Product(p.Factors[1..]));
        return (Rational.One, e);
    }

    /// <summary>c·T for canonical non-numeric T without coefficient; canonical by construction.</summary>
    internal static Expr WithCoefficient(Rational c, Expr term)
    {
        if (c.IsOne) return term;
        if (c.IsZero) return Expr.Zero;
        if (term is Product p)
        {
            var f = new Expr[p.Factors.Length + 1];
            f[0] = Expr.Num(c);
            Array.Copy(p.Factors, 0, f, 1, p.Factors.Length);
            return new Product(f);
        }
        return new Product([Expr.Num(c), term]);
    }

    // ---------------------------------------------------------------- products
    public static Expr Multiply(params Expr[] operands) => Multiply((IEnumerable<Expr>)operands);

    public static Expr Multiply(IEnumerable<Expr> operands)
    {
        var coefficient = Rational.One;
        var exponents = new Dictionary<Expr, List<Expr>>();
        var order = new List<Expr>();

        void Accumulate(Expr e)
        {
            switch (e)
            {
                case Number n:
                    coefficient *= n.Value;
                    break;
                case Product p:
                    foreach (var f in p.Factors) Accumulate(f);
                    break;
                case Power pw:
                    AddExponent(pw.Base, pw.Exponent);
                    break;
                default:
                    AddExponent(e, Expr.One);
                    break;
            }
        }

        void AddExponent(Expr b, Expr x)
        {
            if (exponents.TryGetValue(b, out var list)) list.Add(x);
            else { exponents[b] = [x]; order.Add(b); }
        }

        foreach (var e in operands) Accumulate(e);
        if (coefficient.IsZero) return Expr.Zero;

        var factors = new List<Expr>(order.Count + 1);
        bool remerge = false;
        foreach (var b in order)
        {
            var list = exponents[b];
            var x = list.Count == 1 ? list[0] : Add(list);
            var p = list.Count == 1 && !(b is Number && x is Number) ? RebuildPower(b, x) : Pow(b, x);
            if (p is Number n) { coefficient *= n.Value; continue; }
            // A power that changed its base (exp(a)^2 = exp(2a), (x^2)^(1/2)·(x^2)^(1/2) = x^2) or split
            // into a product may now share a base with another factor: merge once more.
            if (p is Product || !(p is Power pp ? pp.Base : p).Equals(b)) remerge = true;
            factors.Add(p);
        }
        // exp(a)·exp(b) = exp(a + b) (as SymPy): one exponential per product.
        if (factors.Count(f => f is Function { Kind: FunctionKind.Exp }) > 1)
        {
            var exponent = Add(factors.OfType<Function>().Where(f => f.Kind == FunctionKind.Exp).Select(f => f.Argument));
            factors.RemoveAll(f => f is Function { Kind: FunctionKind.Exp });
            var merged = Call(FunctionKind.Exp, exponent);
            if (merged is Number mn) coefficient *= mn.Value;
            else { if (merged is not Function) remerge = true; factors.Add(merged); }
        }
        if (coefficient.IsZero) return Expr.Zero;
        if (remerge)
        {
            factors.Add(Expr.Num(coefficient));
            return Multiply(factors);
        }
        // A number times a single sum distributes (as in SymPy): 4(3 + z) = 12 + 4z.
        if (factors.Count == 1 && factors[0] is Sum sum && !coefficient.IsOne)
            return Add(sum.Terms.Select(t => Multiply(Expr.Num(coefficient), t)));
        factors.Sort(ExprOrder.Comparer);
        if (!coefficient.IsOne) factors.Insert(0, Expr.Num(coefficient));
        return factors.Count switch
        {
            0 => Expr.Num(coefficient),
            1 => factors[0],
            _ => new Product(factors.ToArray()),
        };
    }

    /// <summary>A base with a single exponent came from an already canonical factor: keep it as it was.</summary>
    private static Expr RebuildPower(Expr b, Expr x) => x.IsOne ? b : new Power(b, x);

    // ---------------------------------------------------------------- powers
    public static Expr Pow(Expr b, Expr x)
    {
        if (x.IsZero) return Expr.One;
        if (x.IsOne) return b;
        if (b.IsOne) return Expr.One;
        if (b is Number nb && x is Number nx) return NumericPower(nb.Value, nx.Value);
        if (b.IsZero)
        {
            if (Properties.IsPositive(x)) return Expr.Zero;
            if (Properties.IsNegative(x)) throw new DivideByZeroException($"0^({x}) is undefined.");
            return new Power(b, x);
        }

        bool integerExponent = Properties.IsInteger(x);
        switch (b)
        {
            case Power p:
                if (integerExponent
                    || (Properties.IsPositive(p.Base) && Properties.IsReal(p.Exponent))
                    || (p.Exponent is Number { Value: var a } && a > Rational.MinusOne && a <= Rational.One))
                    return Pow(p.Base, Multiply(p.Exponent, x));
                if (Properties.IsEvenInteger(p.Exponent) && Properties.IsReal(p.Base))
                    return Pow(Call(FunctionKind.Abs, p.Base), Multiply(p.Exponent, x));
                break;
            case Product p:
                if (integerExponent) return Multiply(p.Factors.Select(f => Pow(f, x)));
                {
                    // Split off the factors of known positive sign (and |c| of a negative coefficient).
                    var positive = new List<Expr>();
                    var rest = new List<Expr>();
                    foreach (var f in p.Factors)
                    {
                        if (f is Number { Value: var c } && c.Sign < 0 && c != Rational.MinusOne)
                        {
                            positive.Add(Expr.Num(-c));
                            rest.Add(Expr.MinusOne);
                        }
                        else if (Properties.IsPositive(f)) positive.Add(f);
                        else rest.Add(f);
                    }
                    if (positive.Count > 0)
                    {
                        var restProduct = Multiply(rest);
                        positive.Add(restProduct.IsOne ? Expr.One : Pow(restProduct, x));
                        return Multiply(positive.Select((f, i) => i == positive.Count - 1 ? f : Pow(f, x)));
                    }
                }
                break;
            case Function { Kind: FunctionKind.Abs } f when Properties.IsEvenInteger(x) && Properties.IsReal(f.Argument):
                return Pow(f.Argument, x);
            case Function { Kind: FunctionKind.Exp } f when integerExponent || Properties.IsReal(f.Argument):
                return Call(FunctionKind.Exp, Multiply(f.Argument, x));
        }
        return new Power(b, x);
    }

    /// <summary>
    /// b^x for rationals. Integer x: exact. Positive b, non-integer x: b is split into prime powers and each
    /// p^(k·x) into p^⌊k·x⌋ · p^{k·x}, so radicals are canonical (√8 = 2√2, (1/2)^(1/2) = √2/2).
    /// Negative b with non-integer x stays unevaluated (no real principal value to choose).
    /// </summary>
    private static Expr NumericPower(Rational b, Rational x)
    {
        if (x.IsInteger)
        {
            if (b.IsZero && x.Sign < 0) throw new DivideByZeroException($"0^({x}) is undefined.");
            if (BigInteger.Abs(x.Numerator) > 100_000 && !(b.Abs().IsOne || b.IsZero))
                throw new OverflowException($"Refusing to evaluate {b}^{x}: the exact result is too large.");
            return Expr.Num(b.Pow((int)x.Numerator));
        }
        if (b.IsZero) return x.Sign > 0 ? Expr.Zero : throw new DivideByZeroException($"0^({x}) is undefined.");
        if (b.Sign < 0) return new Power(Expr.Num(b), Expr.Num(x));

        var coefficient = Rational.One;
        var radicals = new List<Expr>();
        foreach (var (prime, multiplicity) in Factor(b))
        {
            var k = multiplicity * x;
            var whole = k.Floor();
            var frac = k - new Rational(whole);
            if (BigInteger.Abs(whole) > 100_000) throw new OverflowException($"Refusing to evaluate {b}^{x}: the exact result is too large.");
            coefficient *= new Rational(prime).Pow((int)whole);
            if (!frac.IsZero) radicals.Add(new Power(Expr.Num(new Rational(prime)), Expr.Num(frac)));
        }
        radicals.Sort(ExprOrder.Comparer);
        if (!coefficient.IsOne) radicals.Insert(0, Expr.Num(coefficient));
        return radicals.Count switch
        {
            0 => Expr.Num(coefficient),
            1 => radicals[0],
            _ => new Product(radicals.ToArray()),
        };
    }

    /// <summary>
    /// Prime factorization of a positive rational by trial division (denominator primes get negative
    /// multiplicity). A cofactor with no prime factor below the trial bound is kept whole.
    /// </summary>
    private static List<(BigInteger Prime, Rational Multiplicity)> Factor(Rational r)
    {
        var result = new Dictionary<BigInteger, int>();
        void Trial(BigInteger n, int sign)
        {
            for (BigInteger p = 2; p <= 10_000 && p * p <= n; p += p == 2 ? 1 : 2)
            {
                while ((n % p).IsZero)
                {
                    n /= p;
                    result[p] = result.GetValueOrDefault(p) + sign;
                }
            }
            if (n > 1) result[n] = result.GetValueOrDefault(n) + sign;
        }
        Trial(r.Numerator, +1);
        Trial(r.Denominator, -1);
        return result.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key).Select(kv => (kv.Key, (Rational)kv.Value)).ToList();
    }

    // ---------------------------------------------------------------- functions
    public static Expr Call(FunctionKind kind, Expr a)
    {
        switch (kind)
        {
            case FunctionKind.Exp:
                if (a.IsZero) return Expr.One;
                if (a is Function { Kind: FunctionKind.Log } l) return l.Argument;
                if (a is Product p && p.Factors.Count(f => f is Function { Kind: FunctionKind.Log }) == 1)
                {
                    // exp(k·log y) = y^k (the definition of the principal power).
                    var log = (Function)p.Factors.First(f => f is Function { Kind: FunctionKind.Log });
                    return Pow(log.Argument, Multiply(p.Factors.Where(f => !ReferenceEquals(f, log))));
                }
                break;
            case FunctionKind.Log:
                if (a.IsOne) return Expr.Zero;
                if (a.IsZero) throw new ArgumentException("log(0) is undefined.");
                if (a is Function { Kind: FunctionKind.Exp } e && Properties.IsReal(e.Argument)) return e.Argument;
                if (a is Power pw && Properties.IsPositive(pw.Base) && Properties.IsReal(pw.Exponent))
                    return Multiply(pw.Exponent, Call(FunctionKind.Log, pw.Base));
                break;
            case FunctionKind.Abs:
                if (a is Number n) return Expr.Num(n.Value.Abs());
                if (Properties.IsNonNegative(a)) return a;
                if (Properties.IsNonPositive(a)) return Multiply(Expr.MinusOne, a);
                if (a is Product prod) return Multiply(prod.Factors.Select(f => Call(FunctionKind.Abs, f)));
                if (a is Power ap && Properties.IsReal(ap.Base) && Properties.IsInteger(ap.Exponent))
                    return Pow(Call(FunctionKind.Abs, ap.Base), ap.Exponent);
                if (a is Sum s && ShouldNegate(s)) return Call(FunctionKind.Abs, Negate(s));
                if (a is Sum cs && Content(cs) is { IsOne: false } content)
                    return Multiply(Expr.Num(content), Call(FunctionKind.Abs, Multiply(Expr.Num(content.Reciprocal()), cs)));
                break;
            case FunctionKind.Sign:
                if (a is Number sn) return Expr.Num(sn.Value.Sign);
                if (Properties.IsPositive(a)) return Expr.One;
                if (Properties.IsNegative(a)) return Expr.MinusOne;
                if (a is Product sp && sp.Factors[0] is Number sc)
                    return Multiply(Expr.Num(sc.Value.Sign), Call(FunctionKind.Sign, Canonical.SplitCoefficient(sp).Item2));
                if (a is Sum ss && ShouldNegate(ss)) return Multiply(Expr.MinusOne, Call(FunctionKind.Sign, Negate(ss)));
                if (a is Sum sc2 && Content(sc2) is { IsOne: false } c2) return Call(FunctionKind.Sign, Multiply(Expr.Num(c2.Reciprocal()), sc2));
                break;
            case FunctionKind.Sin:
            case FunctionKind.Tan:
                if (a.IsZero) return Expr.Zero;
                if (CanExtractMinus(a)) return Multiply(Expr.MinusOne, Call(kind, Negate(a)));
                break;
            case FunctionKind.Cos:
                if (a.IsZero) return Expr.One;
                if (CanExtractMinus(a)) return Call(kind, Negate(a));
                break;
        }
        return new Function(kind, a);
    }

    /// <summary>The positive rational content of a sum: gcd of the numerators over lcm of the denominators
    /// of its coefficients, so that s / content has coprime integer coefficients (|2x + 2y| = 2|x + y|).</summary>
    private static Rational Content(Sum s)
    {
        BigInteger num = BigInteger.Zero, den = BigInteger.One;
        foreach (var t in s.Terms)
        {
            var c = t is Number n ? n.Value : SplitCoefficient(t).Item1;
            num = BigInteger.GreatestCommonDivisor(num, c.Numerator);
            den = den / BigInteger.GreatestCommonDivisor(den, c.Denominator) * c.Denominator;
        }
        return new Rational(num, den);
    }

    /// <summary>-a, distributed over the terms of a sum (so that -(-s) = s structurally).</summary>
    private static Expr Negate(Expr a) =>
        a is Sum s ? Add(s.Terms.Select(t => Multiply(Expr.MinusOne, t))) : Multiply(Expr.MinusOne, a);

    private static bool CanExtractMinus(Expr a) =>
        a is Number { Value.Sign: < 0 } || a is Product p && p.Coefficient.Sign < 0 || a is Sum s && ShouldNegate(s);

    /// <summary>A sum is written with its sign flipped when more than half of its terms are negative, or
    /// exactly half and the first is: then s and -s pick the same representative.</summary>
    private static bool ShouldNegate(Sum s)
    {
        int negative = s.Terms.Count(t => SplitCoefficient(t).Item1.Sign < 0 || t is Number { Value.Sign: < 0 });
        return 2 * negative > s.Terms.Length
               || (2 * negative == s.Terms.Length && (SplitCoefficient(s.Terms[0]).Item1.Sign < 0 || s.Terms[0] is Number { Value.Sign: < 0 }));
    }
}
