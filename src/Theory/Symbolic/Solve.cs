namespace ImplicitReg.Theory.Symbolic;

/// <summary>Raised when an equation is not of the form the solver handles; the message says why.</summary>
public sealed class SolveException(string message) : Exception(message);

public static class Solve
{
    /// <summary>
    /// Solves lhs = rhs for x when the equation is linear in x: with d = expand(lhs - rhs) = A·x + B
    /// (A, B free of x, A ≠ 0), returns x = -B/A in canonical form.
    /// </summary>
    public static Expr Linear(Expr lhs, Expr rhs, Symbol x)
    {
        var d = Expansion.Expand(lhs - rhs);
        var a = Expansion.Expand(Differentiation.Differentiate(d, x));
        if (a.Contains(x)) throw new SolveException($"The equation is not linear in {x.Name}: its coefficient {a} depends on {x.Name}.");
        if (a.IsZero) throw new SolveException($"The equation does not involve {x.Name}.");
        var b = Expansion.Expand(Substitution.Substitute(d, x, Expr.Zero));
        return Expansion.Expand(Expr.Multiply(Expr.MinusOne, b, Expr.Pow(a, Expr.MinusOne)));
    }
}
