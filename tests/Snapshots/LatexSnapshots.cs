using System.Text;
using ImplicitReg.Theory.Symbolic;
using Shouldly;

namespace ImplicitReg.Snapshots;

/// <summary>
/// The theory's formulas (ids from theory.md §9) in plain infix and LaTeX, approved by eye.
/// Assumptions as in the theory: norms, singular values and loss positive; depths and orders positive integers.
/// </summary>
public class LatexSnapshots
{
    private static readonly Dictionary<string, Assumptions> Assume = new()
    {
        ["P"] = Assumptions.Positive, ["Q"] = Assumptions.Positive, ["sigma"] = Assumptions.Positive,
        ["sigma0"] = Assumptions.Positive, ["sigma_H"] = Assumptions.Positive, ["s"] = Assumptions.Positive,
        ["q"] = Assumptions.Positive, ["ℓ"] = Assumptions.Positive, ["p1"] = Assumptions.Positive,
        ["p2"] = Assumptions.Positive, ["s_k"] = Assumptions.Positive, ["lr"] = Assumptions.Positive,
        ["N"] = Assumptions.PositiveInteger, ["L"] = Assumptions.PositiveInteger,
        ["K"] = Assumptions.PositiveInteger, ["k"] = Assumptions.PositiveInteger,
    };

    private static Expr Parse(string text) => Parser.Parse(text, Assume);

    private static Symbol Sym(string name) => Expr.Sym(name, Assume.GetValueOrDefault(name, Assumptions.Real));

    private sealed record Formula(string Id, string Description, string Input, Expr Value);

    private static Formula F(string id, string description, string input) => new(id, description, input, Parse(input));

    private static IEnumerable<Formula> TheoryFormulas()
    {
        yield return F("MF-6", "balanced singular-value rate, g = ⟨−∇ℓ, u_r v_rᵀ⟩", "N*sigma^(2 - 2/N)*g");
        yield return F("MF-8", "blow-up time of σ̇ = N c σ^(2−2/N)", "sigma0^(-(N-2)/N)/((N-2)*c)");
        yield return F("MF-8", "closed-form solution before blow-up", "(sigma0^(-(N-2)/N) - (N-2)*c*t)^(-N/(N-2))");
        yield return F("MF-1", "scalar end-to-end dynamics with weight decay", "-lambda*N*w - w^(2-2/N)*g");
        yield return F("TF-1", "balanced component-norm rate", "N*P^(2-2/N)*gamma");
        yield return F("TF-2", "unbalanced bound with P²/(P^(2/N)+ε)", "N*gamma*P^2/(P^(2/N)+epsilon)");
        yield return F("TF-2", "unbalanced bound with (P^(2/N)+ε)^(N−1)", "N*gamma*(P^(2/N)+epsilon)^(N-1)");
        yield return F("HTF-1", "local-component rate, K = |C(ν)| + 1", "K*sigma_H^(2-2/K)*gamma");
        yield return F("NN-2", "lower bound on |w₁₁| when det > 0", "(1-sqrt(2*ℓ))^2/sqrt(2*ℓ)");
        yield return F("NN-4", "bound on σ₂(W) when det > 0", "rho + (1+rho)^2/abs(w_11)");
        yield return F("DT-1", "deep-CP aligned rate", "N*L*P^(2-2/(N*L))*gamma");
        yield return F("DT-1b", "per-factor rate", "L*gamma*s^(N+1-2/L)");
        yield return F("DT-1b", "per-layer rate", "gamma*q^(N*L-1)");
        yield return F("DT-2.1", "balanced-chain core rate", "(L+1)*gamma*Q^(2-2/(L+1))");
        yield return F("—", "effective rank of a two-value spectrum", "exp(-(p1*log(p1)+p2*log(p2)))");
        yield return F("—", "RMSProp/Adam step size", "lr/(sqrt(s_k/(1 - alpha^k)) + epsilon)");
        yield return F("—", "signs and absolute values", "sign(x)*abs(x - y) - abs(2*x)");
        yield return F("—", "roots and trig", "x^(1/3)*sin(theta)^2/(x + y)^(1/2) - cos(theta)/3");

        var x = Sym("x");
        var y = Sym("y");
        var cube = Expansion.Expand(Expr.Pow(x + y, 3));
        yield return new("—", "expanded (x + y)³", "expand((x+y)^3)", cube);

        var sigma = Sym("sigma");
        var rate = Parse("N*sigma^(2 - 2/N)*g");
        yield return new("MF-6", "∂/∂σ of the rate", "d/dsigma N*sigma^(2 - 2/N)*g", Differentiation.Differentiate(rate, sigma));

        var p = Sym("P");
        var pDot = Differentiation.RateSymbol(p);
        var dt = Differentiation.TimeDerivative(Parse("P^(2/N)"), new Dictionary<Symbol, Expr> { [p] = pDot });
        yield return new("TF-2", "d/dt P^(2/N), rate symbol P′", "d/dt P^(2/N)", dt);
    }

    private static string Document()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Theory formulas: infix and LaTeX");
        sb.AppendLine();
        sb.AppendLine("Each entry: the input, its canonical infix (`Infix.Format`) and `Latex.Format`, rendered below as a math block.");
        foreach (var f in TheoryFormulas())
        {
            sb.AppendLine();
            sb.AppendLine($"## {f.Id}: {f.Description}");
            sb.AppendLine();
            sb.AppendLine($"- input: `{f.Input}`");
            sb.AppendLine($"- infix: `{Infix.Format(f.Value)}`");
            sb.AppendLine($"- latex: `{Latex.Format(f.Value)}`");
            sb.AppendLine();
            sb.AppendLine("```math");
            sb.AppendLine(Latex.Format(f.Value));
            sb.AppendLine("```");
        }
        return sb.ToString();
    }

    private static string Single(string input)
    {
        var e = Parse(input);
        return $"input: `{input}`\n\ninfix: `{Infix.Format(e)}`\n\n```math\n{Latex.Format(e)}\n```\n";
    }

    // Shouldly names the approved file after the calling test method, so each test calls it directly.
    [Fact] public void TheoryFormulasDocument() =>
        Document().ShouldMatchApproved(c => c.WithFileExtension("md").SubFolder("approved"));

    [Fact] public void TF2UpperBound() =>
        Single("N*gamma*(P^(2/N)+epsilon)^(N-1)").ShouldMatchApproved(c => c.WithFileExtension("md").SubFolder("approved"));

    [Fact] public void MF8BlowUpTime() =>
        Single("sigma0^(-(N-2)/N)/((N-2)*c)").ShouldMatchApproved(c => c.WithFileExtension("md").SubFolder("approved"));

    [Fact] public void NN2Bound() =>
        Single("(1-sqrt(2*ℓ))^2/sqrt(2*ℓ)").ShouldMatchApproved(c => c.WithFileExtension("md").SubFolder("approved"));

    [Fact] public void DT1bPerFactorRate() =>
        Single("L*gamma*s^(N+1-2/L)").ShouldMatchApproved(c => c.WithFileExtension("md").SubFolder("approved"));
}
