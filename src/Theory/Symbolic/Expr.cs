namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Immutable symbolic expression. Every instance is in automatically simplified (canonical) form:
/// nodes are only ever built through the smart constructors <see cref="Add(Expr[])"/>,
/// <see cref="Multiply(Expr[])"/>, <see cref="Pow"/> and <see cref="Call"/>, which keep the invariants
/// stated on <see cref="Sum"/>, <see cref="Product"/>, <see cref="Power"/> and <see cref="Function"/>.
/// Equality is structural. On expanded expressions (<see cref="Expansion.Expand"/>) — sums of monomials in
/// atoms with rational or symbolic exponents — structural equality is mathematical equality. Unexpanded
/// products of sums are canonical up to the distribution of numeric content ((2+2x)(1+x) vs 2(1+x)^2):
/// compare those after expanding, or as polynomials.
/// </summary>
public abstract class Expr : IEquatable<Expr>, IComparable<Expr>
{
    private readonly int _hash;

    private protected Expr(int hash) => _hash = hash;

    public static readonly Expr Zero = new Number(Rational.Zero);
    public static readonly Expr One = new Number(Rational.One);
    public static readonly Expr MinusOne = new Number(Rational.MinusOne);
    public static readonly Expr Two = new Number(new Rational(2));
    public static readonly Expr Half = new Number(Rational.Half);

    public static Expr Num(Rational value) =>
        value.IsZero ? Zero : value.IsOne ? One : value == Rational.MinusOne ? MinusOne : new Number(value);

    public static Expr Num(long p, long q) => Num(new Rational(p, q));

    public static Symbol Sym(string name, Assumptions assumptions = Assumptions.Real) => new(name, assumptions);

    public static Expr Add(params Expr[] terms) => Canonical.Add(terms);
    public static Expr Add(IEnumerable<Expr> terms) => Canonical.Add(terms);
    public static Expr Multiply(params Expr[] factors) => Canonical.Multiply(factors);
    public static Expr Multiply(IEnumerable<Expr> factors) => Canonical.Multiply(factors);
    public static Expr Pow(Expr @base, Expr exponent) => Canonical.Pow(@base, exponent);
    public static Expr Call(FunctionKind kind, Expr argument) => Canonical.Call(kind, argument);
    public static Expr Sqrt(Expr x) => Pow(x, Half);
    public static Expr Exp(Expr x) => Call(FunctionKind.Exp, x);
    public static Expr Log(Expr x) => Call(FunctionKind.Log, x);
    public static Expr Abs(Expr x) => Call(FunctionKind.Abs, x);

    public static implicit operator Expr(int n) => Num(n);
    public static implicit operator Expr(Rational r) => Num(r);

    public static Expr operator +(Expr a, Expr b) => Add(a, b);
    public static Expr operator -(Expr a, Expr b) => Add(a, Multiply(MinusOne, b));
    public static Expr operator -(Expr a) => Multiply(MinusOne, a);
    public static Expr operator *(Expr a, Expr b) => Multiply(a, b);
    public static Expr operator /(Expr a, Expr b) => Multiply(a, Pow(b, MinusOne));
    /// <summary>Power. Note C# precedence: write (a ^ b) in parentheses.</summary>
    public static Expr operator ^(Expr a, Expr b) => Pow(a, b);

    /// <summary>Children in canonical order (empty for atoms).</summary>
    public abstract IReadOnlyList<Expr> Children { get; }

    public bool IsZero => this is Number { Value.IsZero: true };
    public bool IsOne => this is Number { Value.IsOne: true };

    /// <summary>True when the symbol occurs anywhere in this expression.</summary>
    public bool Contains(Symbol s)
    {
        if (this is Symbol t) return t.Equals(s);
        foreach (var c in Children) if (c.Contains(s)) return true;
        return false;
    }

    /// <summary>Every symbol that occurs, in canonical order.</summary>
    public IReadOnlyList<Symbol> Symbols()
    {
        var set = new SortedSet<Symbol>(Comparer<Symbol>.Create((a, b) => ExprOrder.Compare(a, b)));
        void Walk(Expr e) { if (e is Symbol s) set.Add(s); else foreach (var c in e.Children) Walk(c); }
        Walk(this);
        return set.ToList();
    }

    public abstract bool Equals(Expr? other);
    public override bool Equals(object? obj) => obj is Expr e && Equals(e);
    public override int GetHashCode() => _hash;
    public static bool operator ==(Expr? a, Expr? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Expr? a, Expr? b) => !(a == b);
    public int CompareTo(Expr? other) => other is null ? 1 : ExprOrder.Compare(this, other);

    /// <summary>Plain infix, readable back by <see cref="Parser"/>.</summary>
    public override string ToString() => Infix.Format(this);

    internal static bool SequenceEqual(Expr[] a, Expr[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (!a[i].Equals(b[i])) return false;
        return true;
    }

    internal static int SequenceHash(int seed, Expr[] items)
    {
        var h = new HashCode();
        h.Add(seed);
        foreach (var e in items) h.Add(e.GetHashCode());
        return h.ToHashCode();
    }
}

/// <summary>An exact rational constant.</summary>
public sealed class Number : Expr
{
    public Rational Value { get; }
    internal Number(Rational value) : base(HashCode.Combine(1, value)) => Value = value;
    public override IReadOnlyList<Expr> Children => [];
    public override bool Equals(Expr? other) => other is Number n && n.Value == Value;
}

/// <summary>What may be assumed of a symbol's value. Positive and Integer imply Real.</summary>
[Flags]
public enum Assumptions
{
    None = 0,
    Real = 1,
    Positive = 2 | Real,
    Integer = 4 | Real,
    PositiveInteger = Positive | Integer,
}

/// <summary>A named variable; two symbols are equal when name and assumptions agree (as in SymPy).</summary>
public sealed class Symbol : Expr
{
    public string Name { get; }
    public Assumptions Assumptions { get; }

    internal Symbol(string name, Assumptions assumptions) : base(HashCode.Combine(2, name, assumptions))
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A symbol needs a non-empty name.", nameof(name));
        Name = name;
        Assumptions = assumptions;
    }

    public bool IsReal => (Assumptions & Assumptions.Real) != 0;
    public bool IsPositive => (Assumptions & Assumptions.Positive) == Assumptions.Positive;
    public bool IsInteger => (Assumptions & Assumptions.Integer) == Assumptions.Integer;
    public override IReadOnlyList<Expr> Children => [];
    public override bool Equals(Expr? other) => other is Symbol s && s.Name == Name && s.Assumptions == Assumptions;
}

/// <summary>
/// Sum invariant: at least two terms; no term is a Sum or a number times a single Sum; at most one term is a Number, it is non-zero and
/// first; no two terms share the same non-numeric part (like terms are collected); terms are sorted by
/// <see cref="ExprOrder"/>.
/// </summary>
public sealed class Sum : Expr
{
    internal readonly Expr[] Terms;
    internal Sum(Expr[] terms) : base(SequenceHash(3, terms)) => Terms = terms;
    public override IReadOnlyList<Expr> Children => Terms;
    public override bool Equals(Expr? other) =>
        ReferenceEquals(this, other) || other is Sum s && s.GetHashCode() == GetHashCode() && SequenceEqual(s.Terms, Terms);
}

/// <summary>
/// Product invariant: at least two factors; no factor is a Product; never a number times a single Sum; at most one factor is a Number, it is
/// not 0 or 1 and it is first; no two factors share a base (powers of one base are combined); factors
/// are sorted by <see cref="ExprOrder"/>.
/// </summary>
public sealed class Product : Expr
{
    internal readonly Expr[] Factors;
    internal Product(Expr[] factors) : base(SequenceHash(4, factors)) => Factors = factors;
    public override IReadOnlyList<Expr> Children => Factors;
    public override bool Equals(Expr? other) =>
        ReferenceEquals(this, other) || other is Product p && p.GetHashCode() == GetHashCode() && SequenceEqual(p.Factors, Factors);

    /// <summary>The numeric coefficient (1 when there is none).</summary>
    public Rational Coefficient => Factors[0] is Number n ? n.Value : Rational.One;
}

/// <summary>
/// Power invariant: exponent is neither 0 nor 1; base is not 0 or 1; a Number base with a Number exponent
/// is either a positive prime-power-free factor with exponent in (0, 1) or a negative number; a Product
/// base is only kept when its factors cannot be split off (non-integer exponent, factors of unknown sign).
/// </summary>
public sealed class Power : Expr
{
    public Expr Base { get; }
    public Expr Exponent { get; }
    internal Power(Expr @base, Expr exponent) : base(HashCode.Combine(5, @base, exponent))
    {
        Base = @base;
        Exponent = exponent;
    }
    public override IReadOnlyList<Expr> Children => [Base, Exponent];
    public override bool Equals(Expr? other) =>
        ReferenceEquals(this, other) || other is Power p && p.GetHashCode() == GetHashCode() && p.Base.Equals(Base) && p.Exponent.Equals(Exponent);
}

/// <summary>The elementary functions the theory needs (sqrt is the power 1/2).</summary>
public enum FunctionKind { Exp, Log, Abs, Sign, Sin, Cos, Tan }

/// <summary>Function invariant: no automatic rule of <see cref="Canonical.Call"/> applies to it.</summary>
public sealed class Function : Expr
{
    public FunctionKind Kind { get; }
    public Expr Argument { get; }
    internal Function(FunctionKind kind, Expr argument) : base(HashCode.Combine(6, kind, argument))
    {
        Kind = kind;
        Argument = argument;
    }
    public string Name => FunctionNames.Of(Kind);
    public override IReadOnlyList<Expr> Children => [Argument];
    public override bool Equals(Expr? other) =>
        ReferenceEquals(this, other) || other is Function f && f.Kind == Kind && f.Argument.Equals(Argument);
}

public static class FunctionNames
{
    public static string Of(FunctionKind kind) => kind switch
    {
        FunctionKind.Exp => "exp",
        FunctionKind.Log => "log",
        FunctionKind.Abs => "abs",
        FunctionKind.Sign => "sign",
        FunctionKind.Sin => "sin",
        FunctionKind.Cos => "cos",
        FunctionKind.Tan => "tan",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static readonly IReadOnlyDictionary<string, FunctionKind> ByName = new Dictionary<string, FunctionKind>
    {
        ["exp"] = FunctionKind.Exp, ["log"] = FunctionKind.Log, ["ln"] = FunctionKind.Log,
        ["abs"] = FunctionKind.Abs, ["sign"] = FunctionKind.Sign, ["sin"] = FunctionKind.Sin,
        ["cos"] = FunctionKind.Cos, ["tan"] = FunctionKind.Tan,
    };
}
