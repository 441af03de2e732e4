using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic;

/// <summary>Worked examples of the grammar and of every error message (position and what was expected).</summary>
public class ParserTests
{
    [Theory]
    [InlineData("-x^2", "-x^2")]
    [InlineData("2^-1", "1/2")]
    [InlineData("2^3^2", "512")]
    [InlineData("x**2", "x^2")]
    [InlineData("a/b/c", "a/(b*c)")]
    [InlineData("1e-3 + 0.25", "251/1000")]
    [InlineData("sqrt(8)", "2*sqrt(2)")]
    [InlineData("ln(x)", "log(x)")]
    [InlineData("x - (y - z)", "x - y + z")]
    [InlineData("  3 *  x ", "3*x")]
    public void ParsesToTheExpectedCanonicalForm(string input, string expected) =>
        Assert.Equal(expected, Parser.Parse(input).ToString());

    [Theory]
    [InlineData("", 1, "expected an expression but found an empty input")]
    [InlineData("(x+", 4, "expected a number, a name or '(' but found the end of input")]
    [InlineData("(x+1", 5, "expected ')' but found the end of input")]
    [InlineData("x y", 3, "expected an operator or the end of input but found 'y'")]
    [InlineData("foo(x)", 1, "unknown function 'foo'")]
    [InlineData("x/0", 3, "division by zero")]
    [InlineData("1.2.3", 1, "expected a number but found '1.2.3'")]
    [InlineData("x $ 2", 3, "expected an operator or the end of input but found '$'")]
    [InlineData("sin x", 5, "expected '(' after the function name 'sin'")]
    public void ReportsWhereAndWhatWasExpected(string input, int column, string message)
    {
        var ex = Assert.Throws<ParseException>(() => Parser.Parse(input));
        Assert.Equal(column, ex.Column);
        Assert.Contains(message, ex.Message);
        Assert.Contains($"column {column}", ex.Message);
    }

    [Fact]
    public void AssumptionsFromTheTableAttachToSymbols()
    {
        var e = Parser.Parse("P", new Dictionary<string, Assumptions> { ["P"] = Assumptions.Positive });
        Assert.True(e is Symbol { IsPositive: true });
        Assert.True(Parser.Parse("x") is Symbol { IsReal: true, IsPositive: false });
    }
}
