using System.Text;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Plain infix printing that <see cref="Parser"/> reads back to the same canonical expression:
/// <c>+ - * / ^</c> with the usual precedences (^ right-associative, binding tighter than unary minus),
/// exact rationals, <c>sqrt(x)</c> for x^(1/2), negative powers as denominators: <c>N*P^(2 - 2/N)*gamma</c>.
/// With <see cref="Format(Expr, string)"/> the power operator can be changed (e.g. to "**" for SymPy).
/// </summary>
public static class Infix
{
    private const int SumPrecedence = 1, ProductPrecedence = 2, UnaryPrecedence = 3, PowerPrecedence = 4, AtomPrecedence = 5;

    public static string Format(Expr e) => Format(e, "^");

    public static string Format(Expr e, string powerOperator)
    {
        var sb = new StringBuilder();
        Write(sb, e, powerOperator);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr e, string pow)
    {
        switch (e)
        {
            case Number n:
                sb.Append(n.Value.ToString());
                break;
            case Symbol s:
                sb.Append(s.Name);
                break;
            case Sum s:
                var terms = PrintOrder(s);
                for (int i = 0; i < terms.Length; i++)
                {
                    var t = terms[i];
                    bool negative = IsNegativeTerm(t);
                    if (i == 0) { if (negative) sb.Append('-'); }
                    else sb.Append(negative ? " - " : " + ");
                    WriteWithParens(sb, negative ? Expr.Multiply(Expr.MinusOne, t) : t, pow, SumPrecedence + 1);
                }
                break;
            case Product p:
                WriteProduct(sb, p, pow);
                break;
            case Power p:
                WritePower(sb, p, pow);
                break;
            case Function f:
                sb.Append(f.Name).Append('(');
                Write(sb, f.Argument, pow);
                sb.Append(')');
                break;
        }
    }

    /// <summary>
    /// The order terms are printed in (the canonical order is kept in the tree): descending degree, where a
    /// factor x^k counts k for a numeric k and 1 otherwise, numbers count 0 — so N - 1, 2 - 2/N, x^2 + x + 1,
    /// as SymPy prints them; ties keep the canonical order; a positive term, if any, leads (1 - x).
    /// </summary>
    internal static Expr[] PrintOrder(Sum s)
    {
        var terms = s.Terms.Select((t, i) => (t, i)).OrderByDescending(x => Degree(x.t)).ThenBy(x => x.i).Select(x => x.t).ToList();
        // Lead with a positive term when there is one: 1 - x, a - (b + c)·d.
        int firstPositive = terms.FindIndex(t => !IsNegativeTerm(t));
        if (firstPositive > 0)
        {
            var t = terms[firstPositive];
            terms.RemoveAt(firstPositive);
            terms.Insert(0, t);
        }
        return terms.ToArray();
    }

    private static double Degree(Expr e) => e switch
    {
        Number => 0,
        Product p => p.Factors.Sum(Degree),
        Power { Exponent: Number { Value: var k } } => k.ToDouble(),
        _ => 1,
    };

    /// <summary>A term printed after " - " in a sum: negative numbers and products with negative coefficient.</summary>
    internal static bool IsNegativeTerm(Expr t) => t is Number { Value.Sign: < 0 } || t is Product { Coefficient.Sign: < 0 };

    private static void WriteProduct(StringBuilder sb, Product p, string pow)
    {
        var c = p.Coefficient;
        var (numerator, denominator) = SplitFraction(p);
        if (c.Sign < 0) sb.Append('-');
        var num = new List<Action>();
        var absNum = c.Numerator < 0 ? -c.Numerator : c.Numerator;
        if (!absNum.IsOne || numerator.Count == 0) num.Add(() => sb.Append(absNum.ToString()));
        foreach (var f in numerator) num.Add(() => WriteWithParens(sb, f, pow, ProductPrecedence + 1));
        for (int i = 0; i < num.Count; i++) { if (i > 0) sb.Append('*'); num[i](); }

        // "1/(2*(p + 1))" would read back as 1/(2p + 2): a number times a lone sum distributes. Write "1/(p + 1)/2".
        if (!c.Denominator.IsOne && denominator is [Sum])
        {
            sb.Append("/(");
            Write(sb, denominator[0], pow);
            sb.Append(")/").Append(c.Denominator.ToString());
            return;
        }
        var den = new List<Action>();
        if (!c.Denominator.IsOne) den.Add(() => sb.Append(c.Denominator.ToString()));
        foreach (var f in denominator) den.Add(() => WriteWithParens(sb, f, pow, PowerPrecedence));
        if (den.Count == 0) return;
        sb.Append('/');
        if (den.Count > 1) sb.Append('(');
        for (int i = 0; i < den.Count; i++) { if (i > 0) sb.Append('*'); den[i](); }
        if (den.Count > 1) sb.Append(')');
    }

    /// <summary>Non-numeric factors split into numerator and denominator (x^(-k) with k a positive number).</summary>
    internal static (List<Expr> Numerator, List<Expr> Denominator) SplitFraction(Product p)
    {
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        foreach (var f in p.Factors)
        {
            if (f is Number) continue;
            if (f is Power { Exponent: Number { Value.Sign: < 0 } x } pw)
                denominator.Add(Expr.Pow(pw.Base, Expr.Num(-x.Value)));
            else
                numerator.Add(f);
        }
        return (numerator, denominator);
    }

    private static void WritePower(StringBuilder sb, Power p, string pow)
    {
        if (p.Exponent is Number { Value: var q })
        {
            if (q.Sign < 0)
            {
                sb.Append("1/");
                WriteWithParens(sb, Expr.Pow(p.Base, Expr.Num(-q)), pow, PowerPrecedence);
                return;
            }
            if (q == Rational.Half)
            {
                sb.Append("sqrt(");
                Write(sb, p.Base, pow);
                sb.Append(')');
                return;
            }
        }
        WriteWithParens(sb, p.Base, pow, AtomPrecedence);
        sb.Append(pow);
        bool atomicExponent = p.Exponent is Symbol || p.Exponent is Number { Value: { IsInteger: true, Sign: > 0 } };
        if (atomicExponent) Write(sb, p.Exponent, pow);
        else { sb.Append('('); Write(sb, p.Exponent, pow); sb.Append(')'); }
    }

    private static int Precedence(Expr e) => e switch
    {
        Sum => SumPrecedence,
        Product p => p.Coefficient.Sign < 0 ? UnaryPrecedence - 1 : ProductPrecedence,
        Number { Value: var v } => v.Sign < 0 ? UnaryPrecedence - 1 : v.IsInteger ? AtomPrecedence : ProductPrecedence,
        Power { Exponent: Number { Value.Sign: < 0 } } => ProductPrecedence,
        Power { Exponent: Number { Value: var h } } when h == Rational.Half => AtomPrecedence,
        Power => PowerPrecedence,
        _ => AtomPrecedence,
    };

    private static void WriteWithParens(StringBuilder sb, Expr e, string pow, int minimum)
    {
        bool parens = Precedence(e) < minimum;
        if (parens) sb.Append('(');
        Write(sb, e, pow);
        if (parens) sb.Append(')');
    }
}
