using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims;

/// <summary>How an inequality or equality statement relates its sides.</summary>
public enum Relation { Equal, LessOrEqual, GreaterOrEqual }

/// <summary>
/// A statement of the theory: in words (one line), in LaTeX, and where it can be written as one symbolic
/// relation, as <see cref="Lhs"/> ⋈ <see cref="Rhs"/> (used by the derivation, the docs and the numeric check).
/// </summary>
public sealed record Statement(string OneLine, string Latex, Expr? Lhs = null, Relation Relation = Relation.Equal, Expr? Rhs = null);

/// <summary>
/// A checkable claim of theory.md §9: id, citation, statement, assumptions, and the symbolic derivation the
/// core checks exactly. The numeric and property checks of the same id live in Numerics/Checks.
/// </summary>
public abstract class Claim
{
    /// <summary>The id of theory.md (MF-C1, TF-1, …).</summary>
    public abstract string Id { get; }
    public abstract string Title { get; }
    public abstract Citation Citation { get; }
    public abstract Statement Statement { get; }
    public abstract IReadOnlyList<string> Assumptions { get; }

    /// <summary>Ordered steps, each an equality the core checks (empty when the claim has no symbolic side).</summary>
    public virtual IReadOnlyList<DerivationStep> Derivation => [];

    /// <summary>Exact identities at fixed sizes (conservation laws with a symbolic gradient tensor, …).</summary>
    public virtual IReadOnlyList<IdentityInstance> Identities => [];

    /// <summary>Why there is no symbolic check, when there is none.</summary>
    public virtual string? NoSymbolicCheckBecause => null;

    public bool HasSymbolicCheck => Derivation.Count > 0 || Identities.Count > 0;
}
