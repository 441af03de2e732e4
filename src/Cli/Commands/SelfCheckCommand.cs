using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ImplicitReg.Theory.Claims.TensorFactorization;
using ImplicitReg.Theory.Symbolic;
using Symbol = ImplicitReg.Theory.Symbolic.Symbol;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// `implicitreg selfcheck`: the symbolic core derives and checks what the later claims stand on, and prints a
/// table. Exit code 0 only when every check holds.
/// </summary>
public static class SelfCheckCommand
{
    public static Command Create()
    {
        var cmd = new Command("selfcheck", "Derive the scalar law and check the symbolic core end to end (exact and numeric).");
        cmd.SetAction(_ => Run(Console.Out));
        return cmd;
    }

    public sealed record CheckResult(string Name, bool Passed, string Detail, TimeSpan Time);

    public static int Run(TextWriter output)
    {
        output.WriteLine("ImplicitReg self-check: symbolic core and numeric models");
        var results = SelfChecks.All().Select(c =>
        {
            var sw = Stopwatch.StartNew();
            (bool ok, string detail) r;
            try { r = c.Run(); }
            catch (Exception ex) { r = (false, $"{ex.GetType().Name}: {ex.Message}"); }
            return new CheckResult(c.Name, r.ok, r.detail, sw.Elapsed);
        }).ToList();

        int width = results.Max(r => r.Name.Length);
        foreach (var r in results)
            output.WriteLine($"  {(r.Passed ? "✓" : "✗")}  {r.Name.PadRight(width)}  {r.Time.TotalMilliseconds,8:0.0} ms  {r.Detail}");
        int passed = results.Count(r => r.Passed);
        output.WriteLine($"{passed} passed, {results.Count - passed} failed");
        return passed == results.Count ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}

/// <summary>The checks run by `selfcheck`, each returning (holds, what was found).</summary>
public static class SelfChecks
{
    public sealed record Check(string Name, Func<(bool, string)> Run);

    private static readonly Dictionary<string, Assumptions> Table = new()
    {
        ["P"] = Assumptions.Positive, ["a"] = Assumptions.Positive, ["N"] = Assumptions.PositiveInteger,
        ["sigma"] = Assumptions.Positive, ["s"] = Assumptions.Positive, ["L"] = Assumptions.PositiveInteger,
        ["K"] = Assumptions.PositiveInteger, ["epsilon"] = Assumptions.Positive, ["c"] = Assumptions.Positive,
    };

    /// <summary>Formulas of theory.md that the core must read, print and read back unchanged.</summary>
    public static readonly string[] TheoryFormulas =
    [
        "N*P^(2 - 2/N)*gamma",                          // TF-1, MF-6 (σ ↔ P)
        "N*gamma*P^2/(P^(2/N) + epsilon)",              // TF-2 lower bound (γ ≥ 0)
        "N*gamma*(P^(2/N) + epsilon)^(N - 1)",          // TF-2 upper bound
        "K*sigma^(2 - 2/K)*gamma",                      // HTF-1
        "sigma^(-(N - 2)/N)/((N - 2)*c)",               // MF-8 blow-up time
        "(1 - sqrt(2*l))^2/sqrt(2*l)",                  // NN-2 bound
        "N*L*P^(2 - 2/(N*L))*gamma",                    // DT-1
        "L*gamma*s^(N + 1 - 2/L)",                      // DT-1b
        "exp(-(p1*log(p1) + p2*log(p2)))",              // effective rank, two singular values
    ];

    public static IEnumerable<Check> All()
    {
        yield return new Check("scalar law (TF-1/MF-6): a²=P^(2/N), d(a²)/dt=2Pγ ⇒ dP/dt", ScalarLaw);
        yield return new Check("scalar law agrees with finite differences (a=1+t², N=3)", ScalarLawNumeric);
        yield return new Check("TF-C1: d/dt(‖w_r^n‖² − ‖w_r^n'‖²) ≡ 0, N=3 D=3 R=2, free ∇L", () => Conservation(SymbolicCpFactorization.WithFreeGradient(3, 3, 2)));
        yield return new Check("TF-C1: same, ∇ of ½‖W_e − Y‖², N=3 D=3 R=2", () => Conservation(SymbolicCpFactorization.WithSquaredLoss(3, 3, 2)));
        yield return new Check("TF-C1 negative control: a wrong velocity breaks it", ConservationNegativeControl);
        yield return new Check("theory formulas: parse(print(e)) = e", RoundTrip);
        yield return new Check("every model's gradient = central differences (gradcheck)", ModelGradients);
        yield return new Check("compiled delegate = tree evaluation (bitwise)", CompiledEqualsEvaluated);
        yield return new Check("d/dx agrees with central differences on theory formulas", DerivativesAgreeWithFiniteDifferences);
    }

    public static Expr DeriveScalarLaw()
    {
        Expr Parse(string s) => Parser.Parse(s, Table);
        return RateDerivation.Derive(Parse("a^2"), Parse("P^(2/N)"), (Symbol)Parse("P"),
            [new KnownRate(Parse("a^2"), Parse("2*P*gamma"))]);
    }

    private static (bool, string) ScalarLaw()
    {
        var derived = DeriveScalarLaw();
        var expected = Parser.Parse("N*P^(2 - 2/N)*gamma", Table);
        return (derived.Equals(expected), $"dP/dt = {derived}");
    }

    private static (bool, string) ScalarLawNumeric()
    {
        // a(t) = 1 + t², P = a^N, γ from d(a²)/dt = 2Pγ: γ = a·ȧ/P. Compare dP/dt by central differences.
        const int n = 3;
        const double t = 0.7, h = 1e-5;
        double A(double u) => 1 + u * u;
        double Pt(double u) => Math.Pow(A(u), n);
        double fd = (Pt(t + h) - Pt(t - h)) / (2 * h);
        double gamma = A(t) * 2 * t / Pt(t);
        var law = Evaluation.Compile(DeriveScalarLaw(), [Expr.Sym("N", Assumptions.PositiveInteger), Expr.Sym("P", Assumptions.Positive), Expr.Sym("gamma")]);
        double predicted = law([n, Pt(t), gamma]);
        double rel = Math.Abs(predicted - fd) / Math.Abs(fd);
        return (rel < 1e-8, $"relative error {rel.ToString("0.0e+0", CultureInfo.InvariantCulture)}");
    }

    private static (bool, string) Conservation(SymbolicCpFactorization cp)
    {
        var residuals = cp.ConservationPolynomials();
        int monomials = residuals.Sum(r => r.MonomialsBeforeCancellation);
        int nonzero = residuals.Count(r => !r.Residual.IsZero);
        return (nonzero == 0, $"{residuals.Count} residuals, {monomials} monomials expanded, {nonzero} non-zero");
    }

    private static (bool, string) ConservationNegativeControl()
    {
        // Flip the sign of mode 1's velocity: the identity must then fail (the check can fail).
        var cp = SymbolicCpFactorization.WithFreeGradient(3, 2, 2);
        var wrong = cp.Velocities.ToDictionary(kv => kv.Key, kv => cp.Vector(0, 0).Contains(kv.Key) ? -kv.Value : kv.Value);
        int nonzero = cp.ConservationPolynomials(wrong).Count(r => !r.Residual.IsZero);
        return (nonzero > 0, $"{nonzero} residuals non-zero, as they must be");
    }

    private static (bool, string) ModelGradients()
    {
        var results = GradcheckCommand.BuiltIn().Select(c => Numerics.Checks.GradientCheck.Run(c.Objective, c.Theta)).ToList();
        double worst = results.Max(r => r.RelativeError);
        return (results.All(r => r.Passes(1e-6)), $"{results.Count} model × loss cases, worst relative error {worst.ToString("0.0e+0", CultureInfo.InvariantCulture)}");
    }

    private static (bool, string) RoundTrip()
    {
        var bad = TheoryFormulas.Select(f => Parser.Parse(f, Table)).Where(e => !Parser.Parse(e.ToString(), Table).Equals(e)).ToList();
        return (bad.Count == 0, bad.Count == 0 ? $"{TheoryFormulas.Length} formulas" : $"changed: {string.Join("; ", bad)}");
    }

    private static Dictionary<Symbol, double> RandomPoint(Expr e, Random r) =>
        e.Symbols().ToDictionary(s => s, s => s.IsInteger ? r.Next(3, 6) : 0.3 + r.NextDouble());

    private static (bool, string) CompiledEqualsEvaluated()
    {
        var r = new Random(20261125);
        int cases = 0;
        foreach (var f in TheoryFormulas)
        {
            var e = Parser.Parse(f, Table);
            var symbols = e.Symbols();
            var compiled = Evaluation.Compile(e, symbols);
            for (int k = 0; k < 20; k++, cases++)
            {
                var point = RandomPoint(e, r);
                double a = Evaluation.Evaluate(e, point), b = compiled(symbols.Select(s => point[s]).ToArray());
                if (BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(b))
                    return (false, $"{f} at {string.Join(", ", point.Select(kv => $"{kv.Key.Name}={kv.Value}"))}: {a} vs {b}");
            }
        }
        return (true, $"{cases} evaluations");
    }

    private static (bool, string) DerivativesAgreeWithFiniteDifferences()
    {
        var r = new Random(7);
        double worst = 0;
        int cases = 0;
        foreach (var f in TheoryFormulas)
        {
            var e = Parser.Parse(f, Table);
            foreach (var x in e.Symbols().Where(s => !s.IsInteger))
            {
                var d = Differentiation.Differentiate(e, x);
                var point = RandomPoint(e, r);
                double h = 1e-6 * Math.Max(1, Math.Abs(point[x]));
                var plus = new Dictionary<Symbol, double>(point) { [x] = point[x] + h };
                var minus = new Dictionary<Symbol, double>(point) { [x] = point[x] - h };
                double fd = (Evaluation.Evaluate(e, plus) - Evaluation.Evaluate(e, minus)) / (2 * h);
                double exact = Evaluation.Evaluate(d, point);
                double err = Math.Abs(fd - exact) / Math.Max(1, Math.Abs(exact));
                worst = Math.Max(worst, err);
                cases++;
            }
        }
        return (worst < 1e-6, $"{cases} partial derivatives, worst relative error {worst.ToString("0.0e+0", CultureInfo.InvariantCulture)}");
    }
}
