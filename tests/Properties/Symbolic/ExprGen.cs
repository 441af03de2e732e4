using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>
/// Seeded random expressions over a fixed symbol set, shared by the FsCheck properties and the SymPy
/// oracle. <see cref="Polynomial"/> builds sums/products/natural powers only; <see cref="General"/> adds
/// rational and symbolic powers of positive symbols and the elementary functions.
/// </summary>
public static class ExprGen
{
    /// <summary>Real symbols x, y, z; positive symbols p, q; positive integer n.</summary>
    public static readonly Symbol X = Expr.Sym("x"), Y = Expr.Sym("y"), Z = Expr.Sym("z");
    public static readonly Symbol P = Expr.Sym("p", Assumptions.Positive), Q = Expr.Sym("q", Assumptions.Positive);
    public static readonly Symbol N = Expr.Sym("n", Assumptions.PositiveInteger);
    public static readonly Symbol[] RealSymbols = [X, Y, Z];
    public static readonly Symbol[] AllSymbols = [X, Y, Z, P, Q, N];

    public static readonly IReadOnlyDictionary<string, Assumptions> AssumptionTable =
        AllSymbols.ToDictionary(s => s.Name, s => s.Assumptions);

    private static Expr SmallRational(Random r) =>
        r.Next(4) == 0 ? Expr.Num(r.Next(-9, 10), r.Next(1, 5)) : Expr.Num(r.Next(-5, 6));

    /// <summary>A polynomial expression (not expanded) in x, y, z, p, q with rational coefficients.</summary>
    public static Expr Polynomial(Random r, int depth)
    {
        if (depth <= 0 || r.Next(5) == 0)
            return r.Next(3) == 0 ? SmallRational(r) : AllSymbols[r.Next(5)];
        return r.Next(5) switch
        {
            0 or 1 => Expr.Add(Polynomial(r, depth - 1), Polynomial(r, depth - 1)),
            2 or 3 => Expr.Multiply(Polynomial(r, depth - 1), Polynomial(r, depth - 1)),
            _ => Expr.Pow(Polynomial(r, depth - 1), r.Next(2, 4)),
        };
    }

    /// <summary>
    /// A general expression: polynomial structure plus p^(rational), p^n, q^(x), sqrt, exp, log of positive
    /// arguments, sin, cos, abs. Every expression generated is finite for p, q &gt; 0 and real x, y, z.
    /// </summary>
    public static Expr General(Random r, int depth)
    {
        if (depth <= 0 || r.Next(6) == 0)
            return r.Next(3) == 0 ? SmallRational(r) : AllSymbols[r.Next(AllSymbols.Length)];
        return r.Next(10) switch
        {
            0 or 1 => Expr.Add(General(r, depth - 1), General(r, depth - 1)),
            2 or 3 => Expr.Multiply(General(r, depth - 1), General(r, depth - 1)),
            4 => Expr.Pow(General(r, depth - 1), r.Next(2, 4)),
            5 => Expr.Pow(Positive(r, depth - 1), r.Next(3) == 0 ? N : Expr.Num(r.Next(-4, 5), r.Next(2, 4))),
            6 => Expr.Call(r.Next(2) == 0 ? FunctionKind.Sin : FunctionKind.Cos, General(r, depth - 1)),
            7 => Expr.Exp(Expr.Multiply(Expr.Num(1, r.Next(2, 5)), Polynomial(r, 1))),
            8 => Expr.Log(Positive(r, depth - 1)),
            _ => Expr.Abs(General(r, depth - 1)),
        };
    }

    /// <summary>An expression that is provably positive (positive symbols, exp, sums/products of positives).</summary>
    public static Expr Positive(Random r, int depth)
    {
        if (depth <= 0 || r.Next(3) == 0) return r.Next(3) == 0 ? Expr.Num(r.Next(1, 6), r.Next(1, 4)) : (r.Next(2) == 0 ? P : Q);
        return r.Next(4) switch
        {
            0 => Expr.Add(Positive(r, depth - 1), Positive(r, depth - 1)),
            1 => Expr.Multiply(Positive(r, depth - 1), Positive(r, depth - 1)),
            2 => Expr.Add(Expr.One, Expr.Pow(Polynomial(r, 1), 2)),
            _ => Expr.Pow(Positive(r, depth - 1), Expr.Num(r.Next(-3, 4), r.Next(1, 4))),
        };
    }

    /// <summary>FsCheck arbitrary drawing from a seeded generator; shrinks to sub-expressions.</summary>
    public static Arbitrary<Expr> ArbitraryOf(Func<Random, int, Expr> make, int depth) =>
        Arb.From(
            Gen.Choose(0, int.MaxValue).Select(seed => make(new Random(seed), depth)),
            e => e.Children);

    /// <summary>A random point: real symbols in [-2, 2], positive symbols in [0.5, 2], n in 1..4.</summary>
    public static Dictionary<Symbol, double> Point(Random r) => new()
    {
        [X] = r.NextDouble() * 4 - 2, [Y] = r.NextDouble() * 4 - 2, [Z] = r.NextDouble() * 4 - 2,
        [P] = 0.5 + 1.5 * r.NextDouble(), [Q] = 0.5 + 1.5 * r.NextDouble(), [N] = r.Next(1, 5),
    };
}
