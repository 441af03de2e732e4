using System.Diagnostics;
using System.Globalization;
using System.Text;
using ImplicitReg.Theory.Symbolic;
using Xunit.Abstractions;

namespace ImplicitReg.Properties.Symbolic.Oracle;

/// <summary>
/// SymPy as an independent oracle for the symbolic core: hundreds of seeded random cases per operation,
/// each batch checked by one Python process. Run with
/// <c>dotnet test tests/Properties --filter "FullyQualifiedName~Oracle"</c>.
/// </summary>
public sealed class SympyOracleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Generated cases known to disagree with SymPy (ids such as "expand/123"), to be removed once the core
    /// is fixed. Empty: every disagreement is a failure.
    /// </summary>
    private static readonly HashSet<string> KnownFailing = [];

    /// <summary>IMPLICITREG_ORACLE_SCALE=k multiplies every case count (deeper runs; same seeds, so the default
    /// cases are a prefix of the scaled ones).</summary>
    private static readonly int Scale =
        int.TryParse(Environment.GetEnvironmentVariable("IMPLICITREG_ORACLE_SCALE"), out var k) && k > 0 ? k : 1;

    private static readonly int ExpandCases = 320 * Scale, DiffCasesPerSymbol = 110 * Scale, SubsCases = 120 * Scale, RoundTripCases = 120 * Scale;

    /// <summary>Upper bound of the total degree, to keep both expanders' work small.</summary>
    private static int DegreeBound(Expr e) => e switch
    {
        Number => 0,
        Symbol => 1,
        Sum s => s.Children.Max(DegreeBound),
        Product p => p.Children.Sum(DegreeBound),
        Power { Exponent: Number { Value: var k } } pw when k.IsInteger && k.Sign > 0 => (int)k.Numerator * DegreeBound(pw.Base),
        _ => 1000,
    };

    private IReadOnlyList<OracleResult> CheckAll(string what, IReadOnlyList<OracleCase> cases)
    {
        var sw = Stopwatch.StartNew();
        var results = SympyOracle.Check(cases);
        sw.Stop();
        var byStatus = results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"{what}: {cases.Count} cases checked by SymPy in {sw.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", byStatus)})");
        var numericOnly = SympyOracle.Describe(cases, results, r => r.Status == "numeric-only", max: 10);
        if (numericOnly.Length > 0) output.WriteLine("numeric-only (not proven symbolically):\n" + numericOnly);

        var unexpectedPass = cases.Where((c, i) => KnownFailing.Contains(c.Id) && results[i].Passed).Select(c => c.Id).ToList();
        if (unexpectedPass.Count > 0) output.WriteLine($"known-failing cases that now pass (remove from the list): {string.Join(", ", unexpectedPass)}");

        var failures = SympyOracle.Describe(cases, results, r => !r.Passed && !KnownFailing.Contains(r.Id));
        Assert.True(failures.Length == 0, $"{what}: SymPy disagrees with the symbolic core:\n{failures}");
        return results;
    }

    // ------------------------------------------------------------------ probe and checker

    [SympyFact]
    public void Probe_FindsSympyAtLeast1_9()
    {
        SympyOracle.RequirePython();
        var probe = SympyOracle.Availability;
        output.WriteLine(probe.Reason);
        Assert.NotNull(probe.Version);
        Assert.True(probe.Version >= new Version(1, 9), $"SymPy {probe.Version} is older than 1.9");
        Assert.True(File.Exists(SympyOracle.ScriptPath), $"missing {SympyOracle.ScriptPath}");
    }

    [SympyFact]
    public void Checker_ReportsMismatch_ForDeliberatelyWrongResults()
    {
        var x = ExprGen.X; var y = ExprGen.Y; var p = ExprGen.P;
        var square = Expr.Pow(x + y, 2);
        var cases = new List<OracleCase>
        {
            // right answers, as control
            OracleCase.Expand("right/expand", square, Expansion.Expand(square)),
            OracleCase.Differentiate("right/diff", Expr.Log(p) * x, p, x / p),
            // wrong answers: a missing cross term, an unexpanded result, a wrong derivative, a wrong substitution
            OracleCase.Expand("wrong/expand-missing-term", square, (x ^ 2) + (y ^ 2)),
            OracleCase.Expand("wrong/expand-not-expanded", square, square),
            OracleCase.Differentiate("wrong/diff", Expr.Log(p) * x, p, x * p),
            OracleCase.Substitute("wrong/subs", (x ^ 2) + y, x, y + 1, (y ^ 2) + y + 1),
            // a tiny but non-zero difference must not pass as numerically equal
            OracleCase.Expand("wrong/tiny", square, Expansion.Expand(square) + Expr.Num(1, 1_000_000_000)),
        };
        var results = SympyOracle.Check(cases);
        foreach (var (c, r) in cases.Zip(results)) output.WriteLine($"{c.Id}: {r.Status} {r.Detail}");
        Assert.Equal("ok", results[0].Status);
        Assert.Equal("ok", results[1].Status);
        Assert.Equal("mismatch", results[2].Status);
        Assert.Equal("not-expanded", results[3].Status);
        Assert.Equal("mismatch", results[4].Status);
        Assert.Equal("mismatch", results[5].Status);
        Assert.Equal("mismatch", results[6].Status);
        Assert.All(results.Skip(2), r => Assert.False(r.Passed));
    }

    // ------------------------------------------------------------------ expand

    [SympyFact]
    public void Expand_AgreesWithSympy_OnRandomPolynomials()
    {
        var r = new Random(20240611);
        var cases = new List<OracleCase>();
        while (cases.Count < ExpandCases)
        {
            var e = ExprGen.Polynomial(r, 3 + r.Next(2));
            if (DegreeBound(e) > 12) continue;
            cases.Add(OracleCase.Expand($"expand/{cases.Count}", e, Expansion.Expand(e)));
        }
        CheckAll("expand", cases);
    }

    // ------------------------------------------------------------------ differentiate

    [SympyFact]
    public void Differentiate_AgreesWithSympy_OnRandomExpressions_WrtXAndP()
    {
        var cases = new List<OracleCase>();
        foreach (var wrt in new[] { ExprGen.X, ExprGen.P })
        {
            var r = new Random(7151 + cases.Count);
            int made = 0;
            while (made < DiffCasesPerSymbol)
            {
                var e = ExprGen.General(r, 3 + r.Next(2));
                if (!e.Contains(wrt) && r.Next(4) != 0) continue; // mostly cases where the derivative is non-trivial
                cases.Add(OracleCase.Differentiate($"diff-{wrt.Name}/{made++}", e, wrt, Differentiation.Differentiate(e, wrt)));
            }
        }
        CheckAll("differentiate", cases);
    }

    // ------------------------------------------------------------------ substitute

    [SympyFact]
    public void Substitute_AgreesWithSympy_WhenAPolynomialReplacesASymbol()
    {
        var r = new Random(99173);
        var cases = new List<OracleCase>();
        while (cases.Count < SubsCases)
        {
            var e = r.Next(2) == 0 ? ExprGen.General(r, 3) : ExprGen.Polynomial(r, 3);
            var target = ExprGen.RealSymbols[r.Next(3)];
            if (!e.Contains(target)) continue;
            var value = ExprGen.Polynomial(r, 2);
            cases.Add(OracleCase.Substitute($"subs/{cases.Count}", e, target, value, Substitution.Substitute(e, target, value)));
        }
        CheckAll("substitute", cases);
    }

    // ------------------------------------------------------------------ parse / print

    /// <summary>
    /// Random raw text (not produced by our printer): redundant parentheses, unary signs, divisions,
    /// decimals, ^ and **, sqrt/exp/log/ln/abs/sin/cos, logs only of positive arguments.
    /// </summary>
    private static string RawText(Random r, int depth)
    {
        string Atom() => r.Next(6) switch
        {
            0 => r.Next(0, 10).ToString(CultureInfo.InvariantCulture),
            1 => (r.Next(1, 40) / 4.0).ToString("0.##", CultureInfo.InvariantCulture),
            _ => ExprGen.AllSymbols[r.Next(ExprGen.AllSymbols.Length)].Name,
        };
        string PositiveText(int d) => d <= 0 || r.Next(3) == 0
            ? (r.Next(2) == 0 ? "p" : "q")
            : r.Next(3) switch
            {
                0 => $"({PositiveText(d - 1)} + {PositiveText(d - 1)})",
                1 => $"{PositiveText(d - 1)}*{PositiveText(d - 1)}",
                _ => $"(1 + ({RawText(r, d - 1)})^2)",
            };
        if (depth <= 0 || r.Next(5) == 0) return Atom();
        var a = RawText(r, depth - 1);
        return r.Next(13) switch
        {
            0 => $"{a} + {RawText(r, depth - 1)}",
            1 => $"({a}) - ({RawText(r, depth - 1)})",
            2 => $"{a} - {RawText(r, depth - 1)}",
            3 => $"({a})*({RawText(r, depth - 1)})",
            4 => $"({a})/({PositiveText(depth - 1)})",
            5 => $"-({a})",
            6 => $"({a})^{r.Next(0, 4)}",
            7 => $"({a})**{r.Next(2, 4)}",
            8 => $"({PositiveText(depth - 1)})^(-{r.Next(1, 4)}/{r.Next(1, 4)})",
            9 => $"sqrt({PositiveText(depth - 1)})",
            10 => $"{(r.Next(2) == 0 ? "log" : "ln")}({PositiveText(depth - 1)})",
            11 => $"{(r.Next(3) switch { 0 => "sin", 1 => "cos", _ => "abs" })}({a})",
            _ => $"exp({a}/{r.Next(2, 5)})",
        };
    }

    [SympyFact]
    public void ParsePrintRoundTrip_IsEquivalentInSympy_AndStableInOurParser()
    {
        var r = new Random(4242);
        var table = ExprGen.AssumptionTable;
        Assumptions Lookup(string name) => table.TryGetValue(name, out var a) ? a : Assumptions.Real;
        var cases = new List<OracleCase>();
        var unstable = new StringBuilder();
        int rejected = 0;
        while (cases.Count < RoundTripCases)
        {
            var text = RawText(r, 3 + r.Next(2));
            Expr parsed;
            try { parsed = Parser.Parse(text, Lookup); }
            catch (Exception ex) when (ex is ParseException or DivideByZeroException or OverflowException) { rejected++; continue; }
            var printed = Infix.Format(parsed);
            var again = Parser.Parse(printed, Lookup);
            if (!again.Equals(parsed)) unstable.AppendLine($"  {text}\n    printed: {printed}\n    re-read: {Infix.Format(again)}");
            cases.Add(OracleCase.Equivalent($"roundtrip/{cases.Count}", text, parsed, table));
        }
        output.WriteLine($"{rejected} random texts rejected by our parser (skipped)");
        CheckAll("parse/print", cases);
        Assert.True(unstable.Length == 0, $"print → parse does not give back the same canonical expression:\n{unstable}");
    }

    // ------------------------------------------------------------------ the scalar law

    /// <summary>
    /// Scalar deep linear model: N balanced layers of weight w &gt; 0, end-to-end product P = w^N &gt; 0,
    /// gradient flow ẇ = γ·w^(N-1) (γ = -dL/dP). Differentiating the balance P - w^N = 0 in time with
    /// <see cref="Differentiation.TimeDerivative"/> and solving linearly for Ṗ (<see cref="Differentiation.RateSymbol"/>)
    /// gives Ṗ = N·w^(2N-2)·γ = N·P^(2-2/N)·γ once w = P^(1/N). SymPy redoes the derivation on its own
    /// (diff, solve, subs) with N a positive integer and P positive.
    /// </summary>
    [SympyFact]
    public void ScalarLaw_DerivedBySolveLinear_IsConfirmedBySympy()
    {
        var n = Expr.Sym("N", Assumptions.PositiveInteger);
        var p = Expr.Sym("P", Assumptions.Positive);
        var w = Expr.Sym("w", Assumptions.Positive);
        var gamma = Expr.Sym("gamma");
        var pDot = Differentiation.RateSymbol(p);

        var balance = p - (w ^ n);
        var rates = new Dictionary<Symbol, Expr> { [p] = pDot, [w] = gamma * (w ^ (n - 1)) };
        var dBalance = Differentiation.TimeDerivative(balance, rates);
        var inW = Solve.Linear(dBalance, Expr.Zero, pDot);
        var after = new Dictionary<Symbol, Expr> { [w] = p ^ (1 / (Expr)n) };
        var law = Expansion.Expand(Substitution.Substitute(inW, after));

        output.WriteLine($"d/dt balance = {dBalance} = 0  ⇒  {pDot.Name} = {inW} = {law}");
        Assert.Equal("N*P^(2 - 2/N)*gamma", Infix.Format(law));

        var cases = new List<OracleCase>
        {
            OracleCase.RateLaw("scalar-law", balance, rates, pDot, after, law),
            OracleCase.Differentiate("scalar-law/dP", balance, p, Differentiation.Differentiate(balance, p)),
            OracleCase.Differentiate("scalar-law/dw", balance, w, Differentiation.Differentiate(balance, w)),
        };
        var results = CheckAll("scalar law", cases);
        Assert.Equal("ok", results[0].Status);
    }
}
