using System.CommandLine;
using System.Globalization;
using ImplicitReg.Theory.Symbolic;
using Symbol = ImplicitReg.Theory.Symbolic.Symbol;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// `implicitreg sym …`: the symbolic core from a shell. Every expression argument is plain infix;
/// symbols are real unless declared with --assume NAME:positive|integer|real|complex[,…].
/// Bad input: one line on stderr naming what and where, exit code 2.
/// </summary>
public static class SymCommand
{
    private static readonly Option<string[]> Assume = new("--assume", "-a")
    {
        Description = "Assumptions on a symbol, e.g. --assume P:positive --assume N:positive,integer (default: real).",
        AllowMultipleArgumentsPerToken = true,
        Recursive = true,
    };

    public static Command Create()
    {
        var sym = new Command("sym", "Symbolic algebra: expand, simplify, canonical, latex, diff, subs, eval, rate, identity.") { Assume };
        sym.Subcommands.Add(Unary("expand", "Fully expand products and natural powers of sums.", e => Expansion.Expand(e)));
        sym.Subcommands.Add(Unary("simplify", "Canonical form, or the expanded form when that is smaller.", Simplification.Simplify));
        sym.Subcommands.Add(Unary("canonical", "Automatic simplification only (the canonical form the parser builds).", e => e));
        sym.Subcommands.Add(LatexCommand());
        sym.Subcommands.Add(DiffCommand());
        sym.Subcommands.Add(SubsCommand());
        sym.Subcommands.Add(EvalCommand());
        sym.Subcommands.Add(RateCommand());
        sym.Subcommands.Add(IdentityCommand());
        return sym;
    }

    private static Argument<string> ExprArgument(string name = "expr", string description = "An expression in plain infix, e.g. \"x^3*y + sin(x)\".") =>
        new(name) { Description = description };

    private static Command Unary(string name, string description, Func<Expr, Expr> op)
    {
        var expr = ExprArgument();
        var cmd = new Command(name, description) { expr };
        cmd.SetAction(p =>
        {
            var table = AssumptionTable(p);
            Console.WriteLine(op(ParseArg(p.GetValue(expr)!, "expr", table)));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command LatexCommand()
    {
        var expr = ExprArgument();
        var cmd = new Command("latex", "Print the canonical form as LaTeX.") { expr };
        cmd.SetAction(p =>
        {
            Console.WriteLine(Latex.Format(ParseArg(p.GetValue(expr)!, "expr", AssumptionTable(p))));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command DiffCommand()
    {
        var expr = ExprArgument();
        var variable = new Argument<string>("symbol") { Description = "The symbol to differentiate with respect to." };
        var order = new Option<int>("--order", "-k") { Description = "Order of the derivative.", DefaultValueFactory = _ => 1 };
        var expand = new Option<bool>("--expand") { Description = "Expand the result." };
        var cmd = new Command("diff", "Partial derivative, e.g. implicitreg sym diff \"x^3*y + sin(x)\" x") { expr, variable, order, expand };
        cmd.SetAction(p =>
        {
            var table = AssumptionTable(p);
            var e = ParseArg(p.GetValue(expr)!, "expr", table);
            var x = SymbolArg(p.GetValue(variable)!, "symbol", table);
            int k = p.GetValue(order);
            if (k < 0) throw new UsageException($"--order must be ≥ 0, got {k}.");
            var d = Differentiation.Differentiate(e, x, k);
            Console.WriteLine(p.GetValue(expand) ? Expansion.Expand(d) : d);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static readonly Option<string[]> Set = new("--set", "-s")
    {
        Description = "A substitution NAME=EXPR (repeatable; all are applied simultaneously).",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command SubsCommand()
    {
        var expr = ExprArgument();
        var cmd = new Command("subs", "Substitute expressions for symbols, e.g. implicitreg sym subs \"x^2 + y\" --set x=a+1") { expr, Set };
        cmd.SetAction(p =>
        {
            var table = AssumptionTable(p);
            var e = ParseArg(p.GetValue(expr)!, "expr", table);
            var map = new Dictionary<Symbol, Expr>();
            foreach (var s in p.GetValue(Set) ?? [])
            {
                var (name, value) = SplitAssignment(s, "--set");
                map[SymbolArg(name, "--set", table)] = ParseArg(value, $"--set {name}", table);
            }
            Console.WriteLine(Substitution.Substitute(e, map));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command EvalCommand()
    {
        var expr = ExprArgument();
        var at = new Option<string[]>("--at") { Description = "A value NAME=NUMBER (repeatable).", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("eval", "Evaluate in float64, e.g. implicitreg sym eval \"sqrt(x)*y\" --at x=2 --at y=3") { expr, at };
        cmd.SetAction(p =>
        {
            var table = AssumptionTable(p);
            var e = ParseArg(p.GetValue(expr)!, "expr", table);
            var binding = new Dictionary<Symbol, double>();
            foreach (var s in p.GetValue(at) ?? [])
            {
                var (name, value) = SplitAssignment(s, "--at");
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new UsageException($"--at {name}: '{value}' is not a number.");
                binding[SymbolArg(name, "--at", table)] = v;
            }
            var missing = e.Symbols().Where(s => !binding.ContainsKey(s)).Select(s => s.Name).ToList();
            if (missing.Count > 0) throw new UsageException($"no value given for {string.Join(", ", missing)} (use --at NAME=NUMBER).");
            Console.WriteLine(Evaluation.Evaluate(e, binding).ToString("R", CultureInfo.InvariantCulture));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command RateCommand()
    {
        var relation = new Argument<string>("relation") { Description = "A relation LHS = RHS between time-dependent symbols, e.g. \"a^2 = P^(2/N)\"." };
        var given = new Option<string[]>("--given", "-g")
        {
            Description = "A known rate \"d/dt(EXPR) = EXPR\" (repeatable), e.g. --given \"d/dt(a^2) = 2*P*gamma\".",
            AllowMultipleArgumentsPerToken = true,
        };
        var target = new Option<string>("--for") { Description = "The symbol whose rate is wanted.", Required = true };
        var cmd = new Command("rate",
            "Implicit time differentiation: the rate of a symbol from a relation and known rates. " +
            "Symbols in --given and --for are time-dependent, all others constant.") { relation, given, target };
        cmd.SetAction(p =>
        {
            var table = AssumptionTable(p);
            var (lhs, rhs) = ParseEquation(p.GetValue(relation)!, "relation", table);
            var known = new List<KnownRate>();
            foreach (var g in p.GetValue(given) ?? [])
            {
                var (l, r) = SplitAt(g, '=', "--given");
                l = l.Trim();
                if (!l.StartsWith("d/dt(", StringComparison.Ordinal) || !l.EndsWith(')'))
                    throw new UsageException($"--given \"{g}\": expected the form d/dt(EXPR) = EXPR.");
                known.Add(new KnownRate(ParseArg(l[5..^1], "--given (left side)", table), ParseArg(r, "--given (right side)", table)));
            }
            var x = SymbolArg(p.GetValue(target)!, "--for", table);
            try
            {
                Console.WriteLine($"d{x.Name}/dt = {RateDerivation.Derive(lhs, rhs, x, known)}");
            }
            catch (SolveException ex)
            {
                throw new UsageException(ex.Message);
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command IdentityCommand()
    {
        var equation = new Argument<string>("equation") { Description = "LHS = RHS, e.g. \"(x+y)^2 = x^2 + 2*x*y + y^2\"." };
        var cmd = new Command("identity",
            "Decide LHS = RHS exactly: expand LHS − RHS as a polynomial over the rationals in its atoms and test for zero. " +
            "Exit 0 when it holds, 1 when it does not (the residual is printed). Atoms (x^(1/2), log(x), …) count as " +
            "independent variables, so 'holds' is a proof and 'does not hold' is exact for polynomials in plain symbols.") { equation };
        cmd.SetAction(p =>
        {
            var (lhs, rhs) = ParseEquation(p.GetValue(equation)!, "equation", AssumptionTable(p));
            var residual = Polynomial.FromExpr(Expansion.Expand(lhs - rhs));
            if (residual.IsZero)
            {
                Console.WriteLine("identity holds");
                return ExitCodes.Success;
            }
            Console.WriteLine($"not an identity: LHS - RHS = {residual}");
            return ExitCodes.CheckFailed;
        });
        return cmd;
    }

    // ---------------------------------------------------------------- argument helpers

    private static Dictionary<string, Assumptions> AssumptionTable(ParseResult p)
    {
        var table = new Dictionary<string, Assumptions>(StringComparer.Ordinal);
        foreach (var item in p.GetValue(Assume) ?? [])
        {
            var (name, flags) = SplitAt(item, ':', "--assume");
            name = name.Trim();
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
                throw new UsageException($"--assume \"{item}\": '{name}' is not a symbol name.");
            var a = Assumptions.None;
            foreach (var f in flags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                a |= f.ToLowerInvariant() switch
                {
                    "real" => Assumptions.Real,
                    "positive" => Assumptions.Positive,
                    "integer" => Assumptions.Integer,
                    "complex" => Assumptions.None,
                    _ => throw new UsageException($"--assume \"{item}\": unknown assumption '{f}' (known: real, positive, integer, complex)."),
                };
            }
            table[name] = a;
        }
        return table;
    }

    private static Expr ParseArg(string text, string where, IReadOnlyDictionary<string, Assumptions> table)
    {
        try
        {
            return Parser.Parse(text, table);
        }
        catch (ParseException ex)
        {
            throw new UsageException($"{where}: {ex.Message}");
        }
    }

    private static (Expr, Expr) ParseEquation(string text, string where, IReadOnlyDictionary<string, Assumptions> table)
    {
        var (l, r) = SplitAt(text, '=', where);
        return (ParseArg(l, $"{where} (left side)", table), ParseArg(r, $"{where} (right side)", table));
    }

    private static Symbol SymbolArg(string name, string where, IReadOnlyDictionary<string, Assumptions> table)
    {
        var e = ParseArg(name, where, table);
        return e as Symbol ?? throw new UsageException($"{where}: '{name}' is not a symbol name.");
    }

    private static (string, string) SplitAssignment(string text, string where) => SplitAt(text, '=', where);

    private static (string, string) SplitAt(string text, char separator, string where)
    {
        int i = text.IndexOf(separator);
        if (i < 0 || text.IndexOf(separator, i + 1) >= 0)
            throw new UsageException($"{where} \"{text}\": expected exactly one '{separator}'.");
        return (text[..i], text[(i + 1)..]);
    }
}
