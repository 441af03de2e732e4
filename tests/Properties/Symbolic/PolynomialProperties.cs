using FsCheck;
using FsCheck.Xunit;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>Polynomial expressions of <see cref="ExprGen.Polynomial"/> (depth 3) as the arbitrary <see cref="Expr"/>.</summary>
public static class PolynomialArbitraries
{
    public static Arbitrary<Expr> Expr() => ExprGen.ArbitraryOf(ExprGen.Polynomial, 3);
}

/// <summary>
/// <see cref="Polynomial"/> is the polynomial ring over ℚ in the atoms, and <see cref="Polynomial.FromExpr"/> is a
/// ring homomorphism that agrees with <see cref="Expansion.Expand"/> on polynomial expressions.
/// </summary>
[Properties(Arbitrary = [typeof(PolynomialArbitraries)], MaxTest = 200, Replay = Seeds.Replay)]
public class PolynomialProperties
{
    private static Polynomial P(Expr e) => Polynomial.FromExpr(e);

    [Property]
    public bool ToExprIsTheExpansion(Expr e) => P(e).ToExpr().Equals(Expansion.Expand(e));

    [Property]
    public bool FromExprOfToExprRoundTrips(Expr e) => P(P(e).ToExpr()) == P(e);

    [Property]
    public bool ExpandingFirstChangesNothing(Expr e) => P(Expansion.Expand(e)) == P(e);

    [Property]
    public bool FromExprIsMultiplicative(Expr a, Expr b) => P(a * b) == P(a) * P(b);

    [Property]
    public bool FromExprIsAdditive(Expr a, Expr b) => P(a + b) == P(a) + P(b);

    [Property]
    public bool FromExprCommutesWithNaturalPowers(Expr a, byte k)
    {
        int n = k % 4;
        var repeated = Polynomial.One;
        for (int i = 0; i < n; i++) repeated *= P(a);
        return P(Expr.Pow(a, n)) == P(a).Pow(n) && P(a).Pow(n) == repeated;
    }

    [Property]
    public bool ExpressionMinusItselfIsZero(Expr e) => P(e - e).IsZero;

    [Property]
    public bool ExpressionMinusItsExpansionIsZero(Expr e) => P(Expr.Add(e, Expr.Multiply(Expr.MinusOne, Expansion.Expand(e)))).IsZero;

    [Property]
    public bool SubtractionUndoesAddition(Expr a, Expr b) => P(a) + P(b) - P(b) == P(a);

    [Property]
    public bool AdditionIsCommutative(Expr a, Expr b) => P(a) + P(b) == P(b) + P(a);

    [Property]
    public bool MultiplicationIsCommutative(Expr a, Expr b) => P(a) * P(b) == P(b) * P(a);

    [Property]
    public bool AdditionIsAssociative(Expr a, Expr b, Expr c) => P(a) + P(b) + P(c) == P(a) + (P(b) + P(c));

    [Property(MaxTest = 100)]
    public bool MultiplicationIsAssociative(Expr a, Expr b, Expr c) => P(a) * P(b) * P(c) == P(a) * (P(b) * P(c));

    [Property(MaxTest = 100)]
    public bool MultiplicationDistributesOverAddition(Expr a, Expr b, Expr c) => P(a) * (P(b) + P(c)) == P(a) * P(b) + P(a) * P(c);

    [Property]
    public bool ZeroAndOneAreIdentities(Expr a) =>
        P(a) + Polynomial.Zero == P(a) && P(a) * Polynomial.One == P(a) && (P(a) * Polynomial.Zero).IsZero;

    [Property]
    public bool NegationIsTheAdditiveInverse(Expr a) => (P(a) + -P(a)).IsZero && P(a) - P(a) == Polynomial.Zero;

    [Property]
    public bool ScalarMultiplicationIsMultiplicationByAConstant(Expr a, int p, byte q) =>
        new Rational(p, q + 1) * P(a) == Polynomial.Constant(new Rational(p, q + 1)) * P(a);

    [Property]
    public bool DegreeOfAProductIsTheSumOfDegrees(Expr a, Expr b) =>
        P(a).IsZero || P(b).IsZero || (P(a) * P(b)).Degree == P(a).Degree + P(b).Degree;

    [Property]
    public bool EqualPolynomialsHaveEqualHashes(Expr a, Expr b) =>
        P(a * b).GetHashCode() == (P(b) * P(a)).GetHashCode();

    [Property]
    public bool EvaluationAgreesWithTheExpression(Expr e, int seed)
    {
        var point = ExprGen.Point(new Random(seed));
        double expected = Evaluation.Evaluate(e, point), actual = P(e).Evaluate(point);
        return Math.Abs(actual - expected) <= 1e-9 * (1 + Math.Abs(expected));
    }

    [Fact]
    public void NonNaturalPowersAreAtoms()
    {
        var x = ExprGen.X;
        var p = ExprGen.P;
        var n = ExprGen.N;
        var inverse = Expr.Pow(x, Expr.MinusOne);
        var radical = Expr.Pow(p, Expr.Two / n);
        var poly = P(Expr.Add(inverse, radical) * Expr.Add(inverse, radical));
        Assert.Equal(3, poly.TermCount);
        Assert.Equal(2, poly.Degree);
        Assert.Equal(Expansion.Expand(Expr.Pow(Expr.Add(inverse, radical), Expr.Two)), poly.ToExpr());
        Assert.Equal(Polynomial.Atom(Expr.Exp(x)), P(Expr.Exp(x)));
        Assert.Throws<ArgumentException>(() => Polynomial.Atom(x + Expr.One));
    }

    [Fact]
    public void ZeroAndOneHaveTheirDegreesAndExpressions()
    {
        Assert.Equal(-1, Polynomial.Zero.Degree);
        Assert.Equal(0, Polynomial.One.Degree);
        Assert.Equal(Expr.Zero, Polynomial.Zero.ToExpr());
        Assert.Equal(Expr.One, Polynomial.One.ToExpr());
        Assert.True(Polynomial.FromExpr(Expr.Zero).IsZero);
        Assert.Equal(Polynomial.One, Polynomial.One.Pow(0));
        Assert.Equal(Polynomial.One, Polynomial.Zero.Pow(0));
    }
}
