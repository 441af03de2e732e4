namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// The process-wide variable table of <see cref="Polynomial"/>: every atom (an expression that is not a
/// Number, Sum, Product or natural power) gets a stable int id on first use. Ids are never released, so
/// polynomials built at different times share one id space. Thread-safe.
/// </summary>
public static class PolynomialAtoms
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<Expr, int> Ids = new();
    private static Expr[] _atoms = new Expr[64];
    private static int _count;

    /// <summary>True for the expressions <see cref="Polynomial.FromExpr"/> treats as indeterminates.</summary>
    public static bool IsAtom(Expr e) => e switch
    {
        Number or Sum or Product => false,
        Power { Exponent: Number { Value: { IsInteger: true, Sign: > 0 } } } => false,
        _ => true,
    };

    /// <summary>The id of an atom, interning it on first use.</summary>
    public static int Intern(Expr atom)
    {
        if (!IsAtom(atom)) throw new ArgumentException($"'{atom}' is not an atom of a polynomial.", nameof(atom));
        lock (Gate)
        {
            if (Ids.TryGetValue(atom, out int id)) return id;
            if (_count == _atoms.Length) Array.Resize(ref _atoms, 2 * _count);
            _atoms[_count] = atom;
            Ids[atom] = _count;
            return _count++;
        }
    }

    public static bool TryGetId(Expr atom, out int id)
    {
        lock (Gate) return Ids.TryGetValue(atom, out id);
    }

    public static Expr Atom(int id)
    {
        lock (Gate)
        {
            if ((uint)id >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(id), $"No atom has id {id}.");
            return _atoms[id];
        }
    }
}
