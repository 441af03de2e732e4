namespace ImplicitReg.Theory.Symbolic;

/// <summary>A known rate: d/dt <see cref="Of"/> = <see cref="Rate"/>.</summary>
public sealed record KnownRate(Expr Of, Expr Rate);

/// <summary>
/// Implicit time differentiation, the step behind every scalar reduction of the theory (theory.md §8.0):
/// differentiate a relation lhs = rhs between time-dependent symbols in t, express the rates of the other
/// symbols through the known rates, and solve (linearly) for the rate of the target.
/// Example (TF-1 / MF-6 scalar law): a^2 = P^(2/N) with d/dt(a^2) = 2Pγ gives dP/dt = N P^(2-2/N) γ.
/// Time-dependent symbols: the non-integer symbols in the known rates' expressions, the target, and
/// <c>alsoTimeDependent</c>; every other symbol (integer ones such as depths and orders included) is constant in t.
/// </summary>
public static class RateDerivation
{
    public static Expr Derive(Expr lhs, Expr rhs, Symbol target, IReadOnlyList<KnownRate> given, IEnumerable<Symbol>? alsoTimeDependent = null)
    {
        // Integer symbols (depths, orders: N, L, K) are constants even where they appear in a known rate's expression.
        var timeDependent = new HashSet<Symbol>(given.SelectMany(g => g.Of.Symbols()).Where(s => !s.IsInteger)) { target };
        if (alsoTimeDependent is not null) timeDependent.UnionWith(alsoTimeDependent);
        var rateSymbols = timeDependent.ToDictionary(s => s, s => (Expr)Differentiation.RateSymbol(s));
        var solved = new Dictionary<Symbol, Expr>();

        Expr Known(Expr e) => Substitution.Substitute(e, solved);
        List<Symbol> UnknownRates(Expr e) =>
            timeDependent.Where(s => !solved.ContainsKey(Differentiation.RateSymbol(s)) && e.Contains(Differentiation.RateSymbol(s)))
                         .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

        foreach (var g in given)
        {
            var d = Known(Differentiation.TimeDerivative(g.Of, rateSymbols));
            var unknown = UnknownRates(d);
            if (unknown.Count == 0)
                throw new SolveException($"d/dt({g.Of}) is already determined by the earlier rates; the rate {g.Rate} adds nothing.");
            if (unknown.Count > 1)
                throw new SolveException($"d/dt({g.Of}) involves the rates of {string.Join(" and ", unknown.Select(s => s.Name))}; give all but one of them separately.");
            var r = Differentiation.RateSymbol(unknown[0]);
            solved[r] = Solve.Linear(d, g.Rate, r);
        }

        var relation = Known(Differentiation.TimeDerivative(lhs - rhs, rateSymbols));
        var targetRate = Differentiation.RateSymbol(target);
        if (!relation.Contains(targetRate))
            throw new SolveException($"The relation {lhs} = {rhs} does not involve {target.Name}, so it says nothing about its rate.");
        var others = UnknownRates(relation).Where(s => !s.Equals(target)).ToList();
        if (others.Count > 0)
            throw new SolveException($"The rate of {target.Name} also depends on the unknown rate(s) of {string.Join(", ", others.Select(s => s.Name))}: give d/dt of an expression in them.");
        return Solve.Linear(relation, Expr.Zero, targetRate);
    }
}
