using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>Polynomial expressions (sums, products, natural powers) in x, y, z, p, q.</summary>
public sealed record PolyExpr(Expr Value)
{
    public override string ToString() => Value.ToString();
}

/// <summary>General expressions: rational/symbolic powers of positive terms, exp, log, sin, cos, abs.</summary>
public sealed record GeneralExpr(Expr Value)
{
    public override string ToString() => Value.ToString();
}

/// <summary>A seed for a random evaluation point (see <see cref="ExprGen.Point"/>).</summary>
public sealed record PointSeed(int Seed)
{
    public Dictionary<Symbol, double> Point() => ExprGen.Point(new Random(Seed));
    public override string ToString() => string.Join(", ", Point().Select(kv => $"{kv.Key.Name}={kv.Value:R}"));
}

public static class SymbolicArbitraries
{
    public static Arbitrary<PolyExpr> PolyExpr() =>
        ExprGen.ArbitraryOf(ExprGen.Polynomial, 3).Convert(e => new PolyExpr(e), p => p.Value);

    public static Arbitrary<GeneralExpr> GeneralExpr() =>
        ExprGen.ArbitraryOf(ExprGen.General, 3).Convert(e => new GeneralExpr(e), g => g.Value);

    public static Arbitrary<PointSeed> PointSeed() =>
        ArbMap.Default.ArbFor<int>().Convert(s => new PointSeed(s), p => p.Seed);
}
