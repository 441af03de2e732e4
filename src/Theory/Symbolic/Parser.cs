using System.Globalization;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>A parse error: the 1-based column, what was expected and what was found.</summary>
public sealed class ParseException(string message, int column) : Exception(message)
{
    public int Column { get; } = column;
}

/// <summary>
/// Reads plain infix. Grammar (precedence low to high):
/// <code>
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*      (the chain is multiplied at once)
/// unary   := ('-' | '+')* power
/// power   := primary ('^' unary)?          (right-associative; "**" is accepted for "^")
/// primary := number | name | name '(' sum ')' | '(' sum ')'
/// </code>
/// Numbers are exact (0.25 → 1/4, 1e-3 → 1/1000). Names are symbols, with assumptions from the given
/// table (default: real). Known functions: sqrt, exp, log (ln), abs, sign, sin, cos, tan.
/// </summary>
public sealed class Parser
{
    private readonly string _text;
    private readonly Func<string, Assumptions> _assumptions;
    private int _pos;

    private Parser(string text, Func<string, Assumptions> assumptions)
    {
        _text = text;
        _assumptions = assumptions;
    }

    public static Expr Parse(string text) => Parse(text, _ => Assumptions.Real);

    public static Expr Parse(string text, IReadOnlyDictionary<string, Assumptions> assumptions) =>
        Parse(text, name => assumptions.TryGetValue(name, out var a) ? a : Assumptions.Real);

    public static Expr Parse(string text, Func<string, Assumptions> assumptions)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new Parser(text, assumptions);
        p.SkipSpace();
        if (p.AtEnd) throw p.Error("expected an expression but found an empty input");
        var e = p.ParseSum();
        p.SkipSpace();
        if (!p.AtEnd) throw p.Error($"expected an operator or the end of input but found {p.Describe()}");
        return e;
    }

    private bool AtEnd => _pos >= _text.Length;
    private char Peek => _text[_pos];

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Peek)) _pos++;
    }

    private string Describe() => AtEnd ? "the end of input" : $"'{Peek}'";

    private ParseException Error(string what) =>
        new($"parse error at column {_pos + 1}: {what} in \"{_text}\"", _pos + 1);

    private Expr ParseSum()
    {
        var terms = new List<Expr> { ParseProduct() };
        while (true)
        {
            SkipSpace();
            if (AtEnd) break;
            if (Peek == '+') { _pos++; terms.Add(ParseProduct()); }
            else if (Peek == '-') { _pos++; terms.Add(-ParseProduct()); }
            else break;
        }
        return terms.Count == 1 ? terms[0] : Expr.Add(terms);
    }

    /// <summary>
    /// A whole chain a*b/c… is collected and multiplied once (n-ary), with leading signs as factors -1, so that
    /// reading does not depend on grouping: "-5*(n - 3)*q" is the product of -1, 5, (n - 3), q.
    /// </summary>
    private Expr ParseProduct()
    {
        var factors = new List<Expr>();
        ParseSignedFactor(factors, invert: false);
        while (true)
        {
            SkipSpace();
            if (AtEnd) break;
            if (Peek == '*' && !(_pos + 1 < _text.Length && _text[_pos + 1] == '*')) { _pos++; ParseSignedFactor(factors, invert: false); }
            else if (Peek == '/') { _pos++; ParseSignedFactor(factors, invert: true); }
            else break;
        }
        return factors.Count == 1 ? factors[0] : Expr.Multiply(factors);
    }

    private void ParseSignedFactor(List<Expr> factors, bool invert)
    {
        bool negative = false;
        while (true)
        {
            SkipSpace();
            if (!AtEnd && Peek == '-') { _pos++; negative = !negative; }
            else if (!AtEnd && Peek == '+') _pos++;
            else break;
        }
        if (negative) factors.Add(Expr.MinusOne);
        int at = _pos;
        var f = ParsePower();
        if (invert)
        {
            if (f.IsZero) { _pos = at; throw Error("division by zero"); }
            f = Expr.Pow(f, Expr.MinusOne);
        }
        factors.Add(f);
    }

    private Expr ParseUnary()
    {
        var factors = new List<Expr>();
        ParseSignedFactor(factors, invert: false);
        return factors.Count == 1 ? factors[0] : Expr.Multiply(factors);
    }

    private Expr ParsePower()
    {
        var b = ParsePrimary();
        SkipSpace();
        if (!AtEnd && (Peek == '^' || (Peek == '*' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')))
        {
            int at = _pos;
            _pos += Peek == '^' ? 1 : 2;
            var x = ParseUnary();
            try { return Expr.Pow(b, x); }
            catch (Exception ex) when (ex is DivideByZeroException or OverflowException) { _pos = at; throw Error(ex.Message); }
        }
        return b;
    }

    private Expr ParsePrimary()
    {
        SkipSpace();
        if (AtEnd) throw Error("expected a number, a name or '(' but found the end of input");
        char c = Peek;
        if (c == '(')
        {
            _pos++;
            var e = ParseSum();
            Expect(')');
            return e;
        }
        if (char.IsAsciiDigit(c) || c == '.') return ParseNumber();
        if (IsNameStart(c)) return ParseName();
        throw Error($"expected a number, a name or '(' but found {Describe()}");
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (AtEnd || Peek != c) throw Error($"expected '{c}' but found {Describe()}");
        _pos++;
    }

    private Expr ParseNumber()
    {
        int start = _pos;
        while (!AtEnd && (char.IsAsciiDigit(Peek) || Peek == '.')) _pos++;
        if (!AtEnd && (Peek == 'e' || Peek == 'E'))
        {
            int save = _pos;
            _pos++;
            if (!AtEnd && (Peek == '+' || Peek == '-')) _pos++;
            if (!AtEnd && char.IsAsciiDigit(Peek)) { while (!AtEnd && char.IsAsciiDigit(Peek)) _pos++; }
            else _pos = save;
        }
        var token = _text[start.._pos];
        if (!Rational.TryParse(token, out var r) || token.Count(ch => ch == '.') > 1)
        {
            _pos = start;
            throw Error($"expected a number but found '{token}'");
        }
        return Expr.Num(r);
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';
    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '′'; // ′: rate symbols (Differentiation.RateSymbol)

    private Expr ParseName()
    {
        int start = _pos;
        while (!AtEnd && IsNamePart(Peek)) _pos++;
        var name = _text[start.._pos];
        SkipSpace();
        if (!AtEnd && Peek == '(')
        {
            bool isSqrt = name == "sqrt";
            if (!isSqrt && !FunctionNames.ByName.ContainsKey(name))
            {
                _pos = start;
                throw Error($"unknown function '{name}' (known: sqrt, {string.Join(", ", FunctionNames.ByName.Keys)})");
            }
            _pos++;
            var arg = ParseSum();
            Expect(')');
            try { return isSqrt ? Expr.Sqrt(arg) : Expr.Call(FunctionNames.ByName[name], arg); }
            catch (ArgumentException ex) { _pos = start; throw Error(ex.Message); }
        }
        if (name == "sqrt" || FunctionNames.ByName.ContainsKey(name))
        {
            throw Error($"expected '(' after the function name '{name}' but found {Describe()}");
        }
        return Expr.Sym(name, _assumptions(name));
    }
}
