using FsCheck.Xunit;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>The infix printer and the parser are inverse on canonical expressions.</summary>
[Properties(Arbitrary = [typeof(SymbolicArbitraries)], MaxTest = 300, Replay = Seeds.Replay)]
public class ParsingProperties
{
    [Property]
    public bool ParsingThePrintedFormGivesBackTheSameExpression(GeneralExpr a) =>
        Parser.Parse(Infix.Format(a.Value), ExprGen.AssumptionTable).Equals(a.Value);

    [Property]
    public bool ParsingThePrintedExpansionGivesBackTheSameExpression(PolyExpr a)
    {
        var e = Expansion.Expand(a.Value);
        return Parser.Parse(e.ToString(), ExprGen.AssumptionTable).Equals(e);
    }

    [Property]
    public bool CompiledDelegateEqualsTreeEvaluationBitForBit(GeneralExpr a, PointSeed s)
    {
        var point = s.Point();
        var compiled = Evaluation.Compile(a.Value, ExprGen.AllSymbols);
        double viaTree = Evaluation.Evaluate(a.Value, point);
        double viaDelegate = compiled(ExprGen.AllSymbols.Select(x => point[x]).ToArray());
        return BitConverter.DoubleToInt64Bits(viaTree) == BitConverter.DoubleToInt64Bits(viaDelegate);
    }

    [Property]
    public bool SubstitutingAValueThenEvaluatingEqualsEvaluatingAtThatValue(GeneralExpr a, PointSeed s)
    {
        var point = s.Point();
        var v = Rational.FromDouble(Math.Round(point[ExprGen.X], 3));
        point[ExprGen.X] = v.ToDouble();
        var substituted = Substitution.Substitute(a.Value, ExprGen.X, Expr.Num(v));
        return Numerically.Close(Evaluation.Evaluate(substituted, point), Evaluation.Evaluate(a.Value, point), 1e-9);
    }
}
