using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>Worked examples of the automatic simplification rules, one per rule (and per bug found).</summary>
public class CanonicalFormTests
{
    private static readonly Dictionary<string, Assumptions> Positive = new()
    {
        ["p"] = Assumptions.Positive, ["P"] = Assumptions.Positive, ["N"] = Assumptions.PositiveInteger, ["n"] = Assumptions.PositiveInteger,
    };

    [Theory]
    [InlineData("x + x", "2*x")]
    [InlineData("x*y + y*x", "2*x*y")]
    [InlineData("x^2*x^3", "x^5")]
    [InlineData("x^(1/2)*x^(1/2)", "x")]
    [InlineData("(x^2)^(1/2)", "abs(x)")]                 // real x: √(x²) = |x|
    [InlineData("(p^2)^(1/2)", "p")]                      // positive p
    [InlineData("(x^(1/2))^2", "x")]                      // -1 < 1/2 ≤ 1: principal branch allows it
    [InlineData("sqrt(8)", "2*sqrt(2)")]                  // radicals split into prime powers
    [InlineData("sqrt(1/2)", "sqrt(2)/2")]
    [InlineData("6^(1/2)*2^(1/2)", "2*sqrt(3)")]
    [InlineData("(2*x)^(1/2)", "sqrt(2)*sqrt(x)")]       // positive factors split off
    [InlineData("(x*y)^3", "x^3*y^3")]
    [InlineData("x^y*x^z", "x^(y + z)")]
    [InlineData("P*P^(1-2/N)", "P^(2 - 2/N)")]
    [InlineData("(P^(2/N))^(N/2)", "P")]
    [InlineData("exp(log(x))", "x")]
    [InlineData("log(exp(x))", "x")]
    [InlineData("log(p^3)", "3*log(p)")]
    [InlineData("exp(2*log(x))", "x^2")]
    [InlineData("abs(-3*x)", "3*abs(x)")]
    [InlineData("abs(p)", "p")]
    [InlineData("abs(x)^2", "x^2")]
    [InlineData("abs(-x - y)", "abs(x + y)")]               // regression: stack overflow negating a sum (found by the SymPy oracle)
    [InlineData("abs(x - 1)", "abs(x - 1)")]
    [InlineData("abs(2*(-x - y))", "2*abs(x + y)")]
    [InlineData("sign(-x - y)", "-sign(x + y)")]
    [InlineData("cos(x - 1)", "cos(1 - x)")]
    [InlineData("tan(-x - y)", "-tan(x + y)")]
    [InlineData("(x + y) - (x + y)", "0")]                  // regression: a number times a sum inside a sum is distributed
    [InlineData("(x + y) + 2*(x + y)", "3*x + 3*y")]
    [InlineData("sin(-x) + cos(-x)", "cos(x) - sin(x)")]
    [InlineData("sign(-2*x)", "-sign(x)")]
    [InlineData("exp(x)^2", "exp(2*x)")]
    [InlineData("exp(x)*exp(x)*exp(2*x)", "exp(4*x)")]
    [InlineData("exp(5/4)*exp(32)*y", "exp(133/4)*y")]
    [InlineData("exp(x)*exp(-x)", "1")]
    public void AutomaticSimplification(string input, string expected) =>
        Assert.Equal(Parser.Parse(expected, Positive), Parser.Parse(input, Positive));

    [Fact]
    public void ZeroToANegativePowerIsRejected() =>
        Assert.Throws<DivideByZeroException>(() => Expr.Pow(Expr.Zero, Expr.MinusOne));

    [Fact]
    public void ScalarLawIsDerivedFromBalanceAndTheSquaredNormRate()
    {
        // theory.md TF-1 / MF-6 scalar reduction: a² = P^(2/N), d(a²)/dt = 2Pγ  ⇒  dP/dt = N P^(2-2/N) γ, N symbolic.
        var t = new Dictionary<string, Assumptions> { ["P"] = Assumptions.Positive, ["a"] = Assumptions.Positive, ["N"] = Assumptions.PositiveInteger };
        var derived = RateDerivation.Derive(Parser.Parse("a^2", t), Parser.Parse("P^(2/N)", t), (Symbol)Parser.Parse("P", t),
            [new KnownRate(Parser.Parse("a^2", t), Parser.Parse("2*P*gamma", t))]);
        Assert.Equal(Parser.Parse("N*P^(2 - 2/N)*gamma", t), derived);
    }

    [Fact]
    public void ScalarLawWithoutBalanceOfEveryFactorStillFollowsForTheProduct()
    {
        // P = a^N directly (all N factor norms equal a), ȧ = Pγ/a  ⇒  Ṗ = N P^(2-2/N) γ.
        var t = new Dictionary<string, Assumptions> { ["P"] = Assumptions.Positive, ["a"] = Assumptions.Positive, ["N"] = Assumptions.PositiveInteger };
        var derived = RateDerivation.Derive(Parser.Parse("P", t), Parser.Parse("a^N", t), (Symbol)Parser.Parse("P", t),
            [new KnownRate(Parser.Parse("a^2", t), Parser.Parse("2*P*gamma", t))]);
        Assert.Equal(Parser.Parse("N*a^(N-2)*P*gamma", t), derived);
    }

    [Fact]
    public void LinearSolveRejectsANonLinearUnknown()
    {
        var x = (Symbol)Parser.Parse("x");
        var ex = Assert.Throws<SolveException>(() => Solve.Linear(Parser.Parse("x^2"), Expr.One, x));
        Assert.Contains("not linear in x", ex.Message);
    }
}
