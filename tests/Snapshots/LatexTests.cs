using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Snapshots;

/// <summary>Exact <see cref="Latex.Format"/> output for small canonical expressions.</summary>
public class LatexTests
{
    private static readonly Dictionary<string, Assumptions> Assume = new()
    {
        ["P"] = Assumptions.Positive, ["N"] = Assumptions.PositiveInteger,
    };

    [Theory]
    // numbers and fractions
    [InlineData("7", "7")]
    [InlineData("-3/4", @"-\frac{3}{4}")]
    [InlineData("x/2", @"\frac{x}{2}")]
    [InlineData("3*x/2", @"\frac{3 x}{2}")]
    [InlineData("-x/(2*y)", @"-\frac{x}{2 y}")]
    [InlineData("x*y/(z*w)", @"\frac{x y}{w z}")]
    [InlineData("(x + y)/z", @"\frac{x + y}{z}")]
    [InlineData("x/(y*(a + b))", @"\frac{x}{\left(a + b\right) y}")]
    // sums with negative terms
    [InlineData("a - 3*b", "a - 3 b")]
    [InlineData("-a - b/2 + 1", @"1 - a - \frac{b}{2}")]
    [InlineData("a - (b + c)*d", @"a - \left(b + c\right) d")]
    [InlineData("x - (y + z)", @"x - y - z")]
    [InlineData("-(x + y)", @"-x - y")]
    [InlineData("2*(x + y)", @"2 x + 2 y")]
    [InlineData("-(x + y)/z", @"-\frac{x + y}{z}")]
    // powers
    [InlineData("x^2", "x^{2}")]
    [InlineData("x^(3/2)", @"x^{\frac{3}{2}}")]
    [InlineData("1/x", @"\frac{1}{x}")]
    [InlineData("x^(-2)", @"\frac{1}{x^{2}}")]
    [InlineData("(x^y)^z", @"\left(x^{y}\right)^{z}")]
    [InlineData("(x + y)^2", @"\left(x + y\right)^{2}")]
    [InlineData("(-2)^x", @"\left(-2\right)^{x}")]
    [InlineData("(1/2)^x", @"\left(\frac{1}{2}\right)^{x}")]
    [InlineData("P^(2 - 2/N)", @"P^{2 - \frac{2}{N}}")]
    [InlineData("x^(y^z)", "x^{y^{z}}")]
    // roots
    [InlineData("sqrt(x)", @"\sqrt{x}")]
    [InlineData("x^(1/3)", @"\sqrt[3]{x}")]
    [InlineData("(x + y)^(-1/2)", @"\frac{1}{\sqrt{x + y}}")]
    [InlineData("3*sqrt(2)", @"3 \sqrt{2}")]
    // \cdot before a factor that starts with a digit
    [InlineData("3*2^x", @"3 \cdot 2^{x}")]
    [InlineData("x*2^x", @"2^{x} x")]
    // functions
    [InlineData("exp(x)", @"\exp\left(x\right)")]
    [InlineData("log(x + 1)", @"\log\left(x + 1\right)")]
    [InlineData("sin(x)*cos(y)*tan(z)", @"\cos\left(y\right) \sin\left(x\right) \tan\left(z\right)")]
    [InlineData("sign(x)", @"\operatorname{sign}\left(x\right)")]
    [InlineData("abs(x - y)", @"\left|x - y\right|")]
    [InlineData("exp(-(a*b + c))", @"\exp\left(-a b - c\right)")]
    // symbol names
    [InlineData("alpha*Omega", @"\Omega \alpha")]
    [InlineData("σ*γ", @"\gamma \sigma")]
    [InlineData("sigma_T", @"\sigma_{T}")]
    [InlineData("w_r_1", "w_{r,1}")]
    [InlineData("a2", "a_{2}")]
    [InlineData("sigma0", @"\sigma_{0}")]
    [InlineData("lr", @"\mathrm{lr}")]
    [InlineData("L_max", @"L_{\mathrm{max}}")]
    [InlineData("x_alpha", @"x_{\alpha}")]
    public void Formats(string input, string expected) =>
        Assert.Equal(expected, Latex.Format(Parser.Parse(input, Assume)));

    [Theory]
    [InlineData("P′", @"\dot{P}")]
    [InlineData("sigma_1′", @"\dot{\sigma}_{1}")]
    [InlineData("P′′", @"\ddot{P}")]
    [InlineData("x_1", "x_{1}")]
    public void SymbolNames(string name, string expected) => Assert.Equal(expected, Latex.SymbolName(name));

    [Fact]
    public void RateSymbolIsDotted() =>
        Assert.Equal(@"\dot{\sigma}", Latex.Format(Differentiation.RateSymbol(Expr.Sym("sigma", Assumptions.Positive))));
}
