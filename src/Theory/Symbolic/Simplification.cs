namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Simplify = the smaller (by node count) of the canonical form and its full expansion. Canonical forms
/// already collect like terms and powers; expansion exposes cancellations inside products of sums.
/// </summary>
public static class Simplification
{
    public static Expr Simplify(Expr e)
    {
        var expanded = Expansion.Expand(e);
        return Size(expanded) <= Size(e) ? expanded : e;
    }

    /// <summary>Number of nodes of the tree.</summary>
    public static int Size(Expr e) => 1 + e.Children.Sum(Size);
}
