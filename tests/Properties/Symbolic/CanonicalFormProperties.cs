using FsCheck.Xunit;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>
/// The canonical form is a normal form: the ring laws hold structurally (after expansion where
/// distributivity is involved), rebuilding is idempotent, and every node keeps the invariants written
/// on Sum, Product and Power.
/// </summary>
[Properties(Arbitrary = [typeof(SymbolicArbitraries)], MaxTest = 200, Replay = Seeds.Replay)]
public class CanonicalFormProperties
{
    [Property]
    public bool AdditionIsCommutative(GeneralExpr a, GeneralExpr b) =>
        Expr.Add(a.Value, b.Value).Equals(Expr.Add(b.Value, a.Value));

    [Property]
    public bool MultiplicationIsCommutative(GeneralExpr a, GeneralExpr b) =>
        Expr.Multiply(a.Value, b.Value).Equals(Expr.Multiply(b.Value, a.Value));

    [Property]
    public bool AdditionIsAssociative(GeneralExpr a, GeneralExpr b, GeneralExpr c) =>
        (a.Value + b.Value + c.Value).Equals(a.Value + (b.Value + c.Value));

    [Property]
    public bool MultiplicationIsAssociativeAfterExpansion(GeneralExpr a, GeneralExpr b, GeneralExpr c) =>
        Expansion.Expand(a.Value * b.Value * c.Value).Equals(Expansion.Expand(a.Value * (b.Value * c.Value)));

    [Property]
    public bool MultiplicationOfExpandedPolynomialsIsAssociative(PolyExpr a, PolyExpr b, PolyExpr c)
    {
        Expr x = Expansion.Expand(a.Value), y = Expansion.Expand(b.Value), z = Expansion.Expand(c.Value);
        return Expansion.Expand(x * y * z).Equals(Expansion.Expand(x * (y * z)));
    }

    [Property]
    public bool MultiplicationDistributesOverAdditionAfterExpansion(PolyExpr a, PolyExpr b, PolyExpr c) =>
        Expansion.Expand(a.Value * (b.Value + c.Value)).Equals(Expansion.Expand(a.Value * b.Value + a.Value * c.Value));

    [Property]
    public bool SubtractingAnExpressionFromItselfGivesZero(GeneralExpr a) => (a.Value - a.Value).IsZero;

    [Property]
    public bool ZeroAndOneAreIdentities(GeneralExpr a) =>
        (a.Value + Expr.Zero).Equals(a.Value) && (a.Value * Expr.One).Equals(a.Value) && (a.Value * Expr.Zero).IsZero;

    [Property]
    public bool RebuildingThroughTheSmartConstructorsChangesNothing(GeneralExpr a) => Rebuild(a.Value).Equals(a.Value);

    [Property]
    public bool ExpansionIsIdempotent(GeneralExpr a)
    {
        var once = Expansion.Expand(a.Value);
        return Expansion.Expand(once).Equals(once);
    }

    [Property]
    public bool EveryNodeKeepsTheCanonicalInvariants(GeneralExpr a, PolyExpr b) =>
        Invariants.Violation(a.Value) is null && Invariants.Violation(Expansion.Expand(b.Value)) is null
        && Invariants.Violation(Expansion.Expand(a.Value)) is null;

    [Property]
    public bool ExpansionPreservesTheValue(GeneralExpr a, PointSeed s) =>
        Numerically.Close(Evaluation.Evaluate(a.Value, s.Point()), Evaluation.Evaluate(Expansion.Expand(a.Value), s.Point()), 1e-9);

    [Property]
    public bool OrderIsAntisymmetricAndZeroExactlyOnEqualExpressions(GeneralExpr a, GeneralExpr b)
    {
        int ab = ExprOrder.Compare(a.Value, b.Value), ba = ExprOrder.Compare(b.Value, a.Value);
        return Math.Sign(ab) == -Math.Sign(ba) && (ab == 0) == a.Value.Equals(b.Value);
    }

    [Property]
    public bool OrderIsTransitive(GeneralExpr a, GeneralExpr b, GeneralExpr c)
    {
        var sorted = new[] { a.Value, b.Value, c.Value }.OrderBy(e => e, ExprOrder.Comparer).ToArray();
        return ExprOrder.Compare(sorted[0], sorted[1]) <= 0 && ExprOrder.Compare(sorted[1], sorted[2]) <= 0
               && ExprOrder.Compare(sorted[0], sorted[2]) <= 0;
    }

    private static Expr Rebuild(Expr e) => e switch
    {
        Sum s => Expr.Add(s.Children.Select(Rebuild)),
        Product p => Expr.Multiply(p.Children.Select(Rebuild)),
        Power p => Expr.Pow(Rebuild(p.Base), Rebuild(p.Exponent)),
        Function f => Expr.Call(f.Kind, Rebuild(f.Argument)),
        _ => e,
    };
}
