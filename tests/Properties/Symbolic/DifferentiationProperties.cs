using FsCheck.Xunit;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>Derivatives agree with central differences; the product and chain rules hold exactly.</summary>
[Properties(Arbitrary = [typeof(SymbolicArbitraries)], MaxTest = 200, Replay = Seeds.Replay)]
public class DifferentiationProperties
{
    private static readonly Symbol[] Variables = [ExprGen.X, ExprGen.Y, ExprGen.P];

    /// <summary>Central difference with step h and a Richardson extrapolation (error O(h^4)).</summary>
    private static double CentralDifference(Expr e, Symbol x, Dictionary<Symbol, double> point, out double value, out double h)
    {
        double F(double dx) => Evaluation.Evaluate(e, new Dictionary<Symbol, double>(point) { [x] = point[x] + dx });
        value = F(0);
        h = 1e-5 * Math.Max(1, Math.Abs(point[x]));
        double step = h, d1 = (F(step) - F(-step)) / (2 * step), d2 = (F(step / 2) - F(-step / 2)) / step;
        return (4 * d2 - d1) / 3;
    }

    [Property]
    public bool DerivativeAgreesWithCentralFiniteDifferences(GeneralExpr a, PointSeed s)
    {
        var point = s.Point();
        foreach (var x in Variables)
        {
            double exact = Evaluation.Evaluate(Differentiation.Differentiate(a.Value, x), point);
            double fd = CentralDifference(a.Value, x, point, out double value, out double h);
            // Skip points where e is not smooth (abs/sign kinks) or overflows: the finite difference is meaningless there.
            if (!double.IsFinite(fd) || !double.IsFinite(exact) || NearKink(a.Value, point)) continue;
            // Truncation error O(h^4) relative to the derivative, plus rounding error ~ ε·|e|/h of the differences.
            double allowed = 1e-6 * Math.Max(1, Math.Abs(exact)) + 1e-14 * Math.Abs(value) / h;
            if (Math.Abs(exact - fd) > allowed) return false;
        }
        return true;
    }

    private static bool NearKink(Expr e, Dictionary<Symbol, double> point) =>
        e is Function { Kind: FunctionKind.Abs or FunctionKind.Sign } f && Math.Abs(Evaluation.Evaluate(f.Argument, point)) < 1e-2
        || e.Children.Any(c => NearKink(c, point));

    [Property]
    public bool ProductRuleHoldsExactly(PolyExpr a, PolyExpr b)
    {
        var x = ExprGen.X;
        var lhs = Differentiation.Differentiate(a.Value * b.Value, x);
        var rhs = Differentiation.Differentiate(a.Value, x) * b.Value + a.Value * Differentiation.Differentiate(b.Value, x);
        return Expansion.Expand(lhs - rhs).IsZero;
    }

    [Property]
    public bool ChainRuleHoldsForSubstitution(PolyExpr f, PolyExpr g, PointSeed s)
    {
        // d/dx f(g(x)) = f'(g(x)) g'(x), f a polynomial in y.
        var x = ExprGen.X;
        var y = ExprGen.Y;
        var fy = Substitution.Substitute(f.Value, x, y);
        var composed = Substitution.Substitute(fy, y, g.Value);
        var lhs = Differentiation.Differentiate(composed, x);
        var rhs = Substitution.Substitute(Differentiation.Differentiate(fy, y), y, g.Value) * Differentiation.Differentiate(g.Value, x);
        return Expansion.Expand(lhs - rhs).IsZero;
    }

    [Property]
    public bool DifferentiationIsLinear(GeneralExpr a, GeneralExpr b)
    {
        var x = ExprGen.X;
        var lhs = Differentiation.Differentiate(Expr.Num(3) * a.Value - b.Value, x);
        var rhs = Expr.Num(3) * Differentiation.Differentiate(a.Value, x) - Differentiation.Differentiate(b.Value, x);
        return Expansion.Expand(lhs - rhs).IsZero;
    }

    [Property]
    public bool MixedPartialsCommute(GeneralExpr a, PointSeed s)
    {
        var dxy = Differentiation.Differentiate(Differentiation.Differentiate(a.Value, ExprGen.X), ExprGen.P);
        var dyx = Differentiation.Differentiate(Differentiation.Differentiate(a.Value, ExprGen.P), ExprGen.X);
        var point = s.Point();
        return Numerically.Close(Evaluation.Evaluate(dxy, point), Evaluation.Evaluate(dyx, point), 1e-8);
    }

    [Property]
    public bool TimeDerivativeIsTheChainRuleOverTimeDependentSymbols(PolyExpr a)
    {
        // With ẋ = y and ṗ = 2, d/dt e = ∂e/∂x·y + ∂e/∂p·2.
        var rates = new Dictionary<Symbol, Expr> { [ExprGen.X] = ExprGen.Y, [ExprGen.P] = Expr.Two };
        var dt = Differentiation.TimeDerivative(a.Value, rates);
        var expected = Differentiation.Differentiate(a.Value, ExprGen.X) * ExprGen.Y + Differentiation.Differentiate(a.Value, ExprGen.P) * Expr.Two;
        return Expansion.Expand(dt - expected).IsZero;
    }
}
