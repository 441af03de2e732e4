namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// The total order on canonical expressions used to sort sum terms and product factors
/// (Cohen, "Computer Algebra and Symbolic Computation: Mathematical Methods", §3.1, order O-1 … O-13):
/// numbers first; symbols by name; sums and products compared from their last operand backwards;
/// powers by base then exponent; a non-power u compares with a power as u^1, a non-product as a
/// one-factor product, a non-sum as a one-term sum. Compare(u, v) == 0 exactly when u.Equals(v).
/// </summary>
public static class ExprOrder
{
    public static readonly IComparer<Expr> Comparer = Comparer<Expr>.Create(Compare);

    public static int Compare(Expr u, Expr v)
    {
        if (ReferenceEquals(u, v)) return 0;
        switch (u, v)
        {
            case (Number a, Number b): return a.Value.CompareTo(b.Value);
            case (Number, _): return -1;
            case (_, Number): return 1;
            case (Symbol a, Symbol b):
                {
                    int c = string.CompareOrdinal(a.Name, b.Name);
                    return c != 0 ? c : ((int)a.Assumptions).CompareTo((int)b.Assumptions);
                }
            case (Sum a, Sum b): return CompareFromLast(a.Terms, b.Terms);
            case (Product a, Product b): return CompareFromLast(a.Factors, b.Factors);
            case (Power a, Power b):
                {
                    int c = Compare(a.Base, b.Base);
                    return c != 0 ? c : Compare(a.Exponent, b.Exponent);
                }
            case (Function a, Function b):
                {
                    int c = string.CompareOrdinal(a.Name, b.Name);
                    return c != 0 ? c : Compare(a.Argument, b.Argument);
                }
            case (Product a, _): return CompareFromLast(a.Factors, [v]);
            case (_, Product b): return CompareFromLast([u], b.Factors);
            case (Power a, _):
                {
                    int c = Compare(a.Base, v);
                    return c != 0 ? c : Compare(a.Exponent, Expr.One);
                }
            case (_, Power b):
                {
                    int c = Compare(u, b.Base);
                    return c != 0 ? c : Compare(Expr.One, b.Exponent);
                }
            case (Sum a, _): return CompareFromLast(a.Terms, [v]);
            case (_, Sum b): return CompareFromLast([u], b.Terms);
            case (Function f, Symbol s):
                {
                    int c = string.CompareOrdinal(f.Name, s.Name);
                    return c != 0 ? c : 1;
                }
            case (Symbol s, Function f):
                {
                    int c = string.CompareOrdinal(s.Name, f.Name);
                    return c != 0 ? c : -1;
                }
            default:
                throw new InvalidOperationException($"No order between {u.GetType().Name} and {v.GetType().Name}.");
        }
    }

    private static int CompareFromLast(Expr[] a, Expr[] b)
    {
        int i = a.Length - 1, j = b.Length - 1;
        for (; i >= 0 && j >= 0; i--, j--)
        {
            int c = Compare(a[i], b[j]);
            if (c != 0) return c;
        }
        return (i < 0 ? 0 : 1) - (j < 0 ? 0 : 1);
    }
}
