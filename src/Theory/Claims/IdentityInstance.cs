using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims;

/// <summary>One residual lhs − rhs of an identity instance, as built (not expanded): it must be the zero polynomial.</summary>
public sealed record IdentityResidual(string Label, Expr Value)
{
    /// <summary>
    /// Exact zero test: the residual's polynomial is zero. Expanding first normalizes exponents
    /// (σ^((2N−2)/N) = σ^(2−2/N)); both tests are sound, so either one finding zero proves the identity.
    /// </summary>
    public bool IsZero() => Polynomial.FromExpr(Value).IsZero || Polynomial.FromExpr(Expansion.Expand(Value)).IsZero;
}

/// <summary>
/// An exact identity checked at a fixed size (too large to print as one equation): the claim builds the residuals
/// lhs − rhs (<see cref="Residuals"/>), the core proves each one is the zero polynomial (<see cref="Check"/>), and the
/// same residual expressions are handed to SymPy by the oracle tests, so every instance is confirmed independently.
/// </summary>
public sealed class IdentityInstance
{
    private readonly Func<IReadOnlyList<IdentityResidual>> _build;
    private readonly string _unit;

    /// <param name="text">What the identity says and at which size.</param>
    /// <param name="residuals">Builds every residual (each must be zero).</param>
    /// <param name="unit">What one residual is, for the report ("pairs", "entries", "factor rates" …).</param>
    public IdentityInstance(string text, Func<IEnumerable<IdentityResidual>> residuals, string unit = "residuals")
    {
        Text = text;
        _build = () => residuals().ToArray();
        _unit = unit;
    }

    public string Text { get; }

    /// <summary>Every residual of this instance, freshly built.</summary>
    public IReadOnlyList<IdentityResidual> Residuals() => _build();

    /// <summary>Holds when every residual is the zero polynomial; the detail counts them and names the first failures.</summary>
    public (bool Holds, string Detail) Check()
    {
        var residuals = Residuals();
        if (residuals.Count == 0) return (false, "no residuals were built");
        var failing = residuals.Where(r => !r.IsZero()).ToList();
        return failing.Count == 0
            ? (true, $"{residuals.Count} {_unit}, every residual expands to 0")
            : (false, $"{residuals.Count} {_unit}, {failing.Count} non-zero: {string.Join("; ", failing.Take(3).Select(f => f.Label))}");
    }
}
