using System.Numerics;
using System.Text;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// LaTeX for canonical expressions, in the subset GitHub's math renderer (MathJax) accepts.
/// Layout mirrors <see cref="Infix"/>: terms in canonical order with negative terms after " - ",
/// x^(-k) (k a positive number) and the coefficient's denominator under <c>\frac</c>,
/// <c>\sqrt{x}</c> / <c>\sqrt[k]{x}</c> for x^(1/2) / x^(1/k), sums and products in bases inside
/// <c>\left( \right)</c>. Factors are separated by a space, by <c>\cdot</c> before a digit.
/// Symbol names: see <see cref="SymbolName(string)"/>.
/// </summary>
public static class Latex
{
    public static string Format(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Number n:
                WriteNumber(sb, n.Value);
                break;
            case Symbol s:
                sb.Append(SymbolName(s.Name));
                break;
            case Sum s:
                var terms = Infix.PrintOrder(s);
                for (int i = 0; i < terms.Length; i++)
                {
                    var t = terms[i];
                    bool negative = Infix.IsNegativeTerm(t);
                    if (i == 0) { if (negative) sb.Append('-'); }
                    else sb.Append(negative ? " - " : " + ");
                    // -(x + y) as a term: its negation is a sum, kept in parentheses as in Infix.
                    var shown = negative ? Expr.Multiply(Expr.MinusOne, t) : t;
                    if (shown is Sum) sb.Append(Parenthesized(shown));
                    else Write(sb, shown);
                }
                break;
            case Product p:
                WriteProduct(sb, p);
                break;
            case Power p:
                WritePower(sb, p);
                break;
            case Function f:
                WriteFunction(sb, f);
                break;
        }
    }

    private static void WriteNumber(StringBuilder sb, Rational v)
    {
        if (v.Sign < 0) sb.Append('-');
        var p = BigInteger.Abs(v.Numerator);
        if (v.IsInteger) sb.Append(p.ToString());
        else sb.Append(@"\frac{").Append(p.ToString()).Append("}{").Append(v.Denominator.ToString()).Append('}');
    }

    private static void WriteProduct(StringBuilder sb, Product p)
    {
        var c = p.Coefficient;
        var (numerator, denominator) = Infix.SplitFraction(p);
        if (c.Sign < 0) sb.Append('-');

        bool fraction = denominator.Count > 0 || !c.Denominator.IsOne;
        var num = new List<string>();
        var absNum = BigInteger.Abs(c.Numerator);
        if (!absNum.IsOne || numerator.Count == 0) num.Add(absNum.ToString());
        // -(x + y) keeps its parentheses; -\frac{x + y}{z} needs none.
        bool sumNeedsParens = num.Count + numerator.Count > 1 || c.Sign < 0 && !fraction;
        foreach (var f in numerator) num.Add(Factor(f, sumNeedsParens));

        var den = new List<string>();
        if (!c.Denominator.IsOne) den.Add(c.Denominator.ToString());
        bool denominatorSumNeedsParens = den.Count + denominator.Count > 1;
        foreach (var f in denominator) den.Add(Factor(f, denominatorSumNeedsParens));

        if (!fraction) { Juxtapose(sb, num); return; }
        sb.Append(@"\frac{");
        Juxtapose(sb, num);
        sb.Append("}{");
        Juxtapose(sb, den);
        sb.Append('}');
    }

    /// <summary>A product factor; a sum in <c>\left( \right)</c> unless it stands alone (in a numerator or denominator).</summary>
    private static string Factor(Expr f, bool parenthesizeSum) =>
        f is Sum && parenthesizeSum ? Parenthesized(f) : Format(f);

    /// <summary>Implicit multiplication: a space, or <c>\cdot</c> when the next factor starts with a digit.</summary>
    private static void Juxtapose(StringBuilder sb, List<string> factors)
    {
        for (int i = 0; i < factors.Count; i++)
        {
            if (i > 0) sb.Append(char.IsAsciiDigit(factors[i][0]) ? @" \cdot " : " ");
            sb.Append(factors[i]);
        }
    }

    private static void WritePower(StringBuilder sb, Power p)
    {
        if (p.Exponent is Number { Value: var q })
        {
            if (q.Sign < 0)
            {
                sb.Append(@"\frac{1}{");
                Write(sb, Expr.Pow(p.Base, Expr.Num(-q)));
                sb.Append('}');
                return;
            }
            if (q.Numerator.IsOne && !q.Denominator.IsOne)
            {
                sb.Append(@"\sqrt");
                if (q != Rational.Half) sb.Append('[').Append(q.Denominator.ToString()).Append(']');
                sb.Append('{');
                Write(sb, p.Base);
                sb.Append('}');
                return;
            }
        }
        if (NeedsParensAsBase(p.Base)) sb.Append(Parenthesized(p.Base));
        else Write(sb, p.Base);
        sb.Append("^{");
        Write(sb, p.Exponent);
        sb.Append('}');
    }

    private static bool NeedsParensAsBase(Expr b) => b switch
    {
        Symbol => false,
        Function => false,
        Number { Value: var v } => v.Sign < 0 || !v.IsInteger,
        _ => true,
    };

    private static string Parenthesized(Expr e) => @"\left(" + Format(e) + @"\right)";

    private static void WriteFunction(StringBuilder sb, Function f)
    {
        if (f.Kind == FunctionKind.Abs)
        {
            sb.Append(@"\left|");
            Write(sb, f.Argument);
            sb.Append(@"\right|");
            return;
        }
        sb.Append(f.Kind switch
        {
            FunctionKind.Exp => @"\exp",
            FunctionKind.Log => @"\log",
            FunctionKind.Sin => @"\sin",
            FunctionKind.Cos => @"\cos",
            FunctionKind.Tan => @"\tan",
            FunctionKind.Sign => @"\operatorname{sign}",
            _ => @"\operatorname{" + f.Name + "}",
        });
        sb.Append(@"\left(");
        Write(sb, f.Argument);
        sb.Append(@"\right)");
    }

    // ---------------------------------------------------------------- symbol names

    /// <summary>
    /// A symbol name as LaTeX. As in SymPy's <c>latex()</c>,
    /// greek names and letters become commands (<c>sigma</c>, <c>σ</c> → <c>\sigma</c>); "_" starts a
    /// subscript and further "_" separate its parts (<c>w_r_1</c> → <c>w_{r,1}</c>); trailing digits are a
    /// subscript (<c>sigma0</c> → <c>\sigma_{0}</c>). Other multi-letter names are upright
    /// (<c>\mathrm{lr}</c>); a trailing prime, the time-derivative symbols of
    /// <see cref="Differentiation.RateSymbol"/>, is Newton's dot (<c>P′</c> → <c>\dot{P}</c>).
    /// </summary>
    public static string SymbolName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int primes = 0;
        while (name.Length > primes + 1 && name[name.Length - 1 - primes] is '′' or '\'') primes++;
        name = name[..^primes];

        var parts = name.Split('_');
        var head = parts[0];
        if (head.Length == 0) return Accent(@"\mathrm{" + Escape(name) + "}", primes);
        var subscripts = new List<string>();
        int digits = 0;
        while (digits < head.Length - 1 && char.IsAsciiDigit(head[head.Length - 1 - digits])) digits++;
        if (digits > 0 && !char.IsAsciiDigit(head[0]))
        {
            subscripts.Add(head[^digits..]);
            head = head[..^digits];
        }
        foreach (var part in parts.Skip(1)) if (part.Length > 0) subscripts.Add(Name(part));

        var body = Accent(Name(head), primes);
        return subscripts.Count == 0 ? body : body + "_{" + string.Join(",", subscripts) + "}";
    }

    /// <summary>Newton's notation on the letter, not on its subscript: <c>\dot{\sigma}_{1}</c>.</summary>
    private static string Accent(string body, int primes) => primes switch
    {
        0 => body,
        1 => @"\dot{" + body + "}",
        2 => @"\ddot{" + body + "}",
        _ => body + new string('\'', primes),
    };

    private static string Name(string s)
    {
        if (Greek.TryGetValue(s, out var g)) return g;
        if (s.Length == 1) return char.IsLetterOrDigit(s[0]) ? s : Escape(s);
        if (s.All(char.IsAsciiDigit)) return s;
        return @"\mathrm{" + Escape(s) + "}";
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s)
        {
            if (ch is '_' or '#' or '$' or '%' or '&' or '{' or '}') sb.Append('\\').Append(ch);
            else if (Greek.TryGetValue(ch.ToString(), out var g)) sb.Append(g).Append(' ');
            else sb.Append(ch);
        }
        return sb.ToString().TrimEnd();
    }

    private static readonly Dictionary<string, string> Greek = BuildGreek();

    private static Dictionary<string, string> BuildGreek()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in new[]
                 {
                     "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
                     "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "varrho", "sigma", "tau", "upsilon",
                     "phi", "varphi", "chi", "psi", "omega",
                     "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
                 })
            d[n] = @"\" + n;
        // Unicode letters: U+03B5 ε and U+03C6 φ are the open forms (\varepsilon, \varphi),
        // U+03F5 ϵ and U+03D5 ϕ the lunate/straight symbol forms (\epsilon, \phi).
        foreach (var (ch, cmd) in new (char, string)[]
                 {
                     ('α', "alpha"), ('β', "beta"), ('γ', "gamma"), ('δ', "delta"), ('ε', "varepsilon"), ('ϵ', "epsilon"),
                     ('ζ', "zeta"), ('η', "eta"), ('θ', "theta"), ('ϑ', "vartheta"), ('ι', "iota"), ('κ', "kappa"),
                     ('λ', "lambda"), ('μ', "mu"), ('ν', "nu"), ('ξ', "xi"), ('π', "pi"), ('ρ', "rho"), ('σ', "sigma"),
                     ('ς', "varsigma"), ('τ', "tau"), ('υ', "upsilon"), ('φ', "varphi"), ('ϕ', "phi"), ('χ', "chi"),
                     ('ψ', "psi"), ('ω', "omega"), ('ℓ', "ell"),
                     ('Γ', "Gamma"), ('Δ', "Delta"), ('Θ', "Theta"), ('Λ', "Lambda"), ('Ξ', "Xi"), ('Π', "Pi"),
                     ('Σ', "Sigma"), ('Υ', "Upsilon"), ('Φ', "Phi"), ('Ψ', "Psi"), ('Ω', "Omega"),
                 })
            d[ch.ToString()] = @"\" + cmd;
        return d;
    }
}
