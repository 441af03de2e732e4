using System.Collections.ObjectModel;
using System.Runtime.InteropServices;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Immutable sparse multivariate polynomial with exact <see cref="Rational"/> coefficients in the atoms of
/// <see cref="PolynomialAtoms"/>, for zero-testing large polynomial identities.
/// Atoms are independent indeterminates: x^(1/2) and x, or x and x^(-1), are unrelated variables here.
/// Hence <see cref="IsZero"/> of <see cref="FromExpr"/>(e) proves e ≡ 0 (sound), while e ≡ 0 with
/// algebraically dependent atoms may still give a non-zero polynomial (incomplete); for expressions whose
/// atoms are symbols it is a decision procedure, and <see cref="ToExpr"/> equals <see cref="Expansion.Expand"/>.
/// </summary>
public sealed class Polynomial : IEquatable<Polynomial>
{
    /// <summary>No zero coefficients.</summary>
    private readonly Dictionary<Monomial, Rational> _terms;
    private readonly Monomial[] _monomials;
    private readonly Rational[] _coefficients;
    private readonly int _maxLength;
    private int _hash;
    private ReadOnlyDictionary<Monomial, Rational>? _view;

    public static readonly Polynomial Zero = new(NewTable(0));
    public static readonly Polynomial One = Constant(Rational.One);

    /// <param name="terms">Taken over; zero coefficients are removed here.</param>
    private Polynomial(Dictionary<Monomial, Rational> terms)
    {
        foreach (var (m, c) in terms) if (c.IsZero) terms.Remove(m);
        _terms = terms;
        _monomials = new Monomial[terms.Count];
        _coefficients = new Rational[terms.Count];
        int k = 0;
        foreach (var (m, c) in terms)
        {
            _monomials[k] = m;
            _coefficients[k++] = c;
            _maxLength = Math.Max(_maxLength, m.Data.Length);
        }
    }

    private static Dictionary<Monomial, Rational> NewTable(int capacity) => new(capacity, Monomial.Comparer.Instance);

    public static Polynomial Constant(Rational c) => Term(c, Monomial.One);

    /// <summary>c·m.</summary>
    public static Polynomial Term(Rational c, Monomial m)
    {
        var t = NewTable(1);
        t[m] = c;
        return new Polynomial(t);
    }

    /// <summary>The atom as a degree-one polynomial (see <see cref="PolynomialAtoms.IsAtom"/>).</summary>
    public static Polynomial Atom(Expr atom) => Term(Rational.One, Monomial.OfAtom(PolynomialAtoms.Intern(atom), 1));

    public bool IsZero => _terms.Count == 0;

    /// <summary>Number of monomials with non-zero coefficient.</summary>
    public int TermCount => _terms.Count;

    public IReadOnlyDictionary<Monomial, Rational> Terms => _view ??= new ReadOnlyDictionary<Monomial, Rational>(_terms);

    /// <summary>Total degree; −1 for the zero polynomial.</summary>
    public int Degree
    {
        get
        {
            int d = -1;
            foreach (var m in _monomials) d = Math.Max(d, m.Degree);
            return d;
        }
    }

    public Rational Coefficient(Monomial m) => _terms.TryGetValue(m, out var c) ? c : Rational.Zero;

    // ---------------------------------------------------------------- from and to expressions

    /// <summary>
    /// Number → constant, Sum → sum, Product → product, Power(b, natural n) → FromExpr(b)^n, anything else → atom.
    /// </summary>
    public static Polynomial FromExpr(Expr e)
    {
        if (TryMonomial(e, out var c, out var m)) return Term(c, m);
        switch (e)
        {
            case Sum s:
                {
                    var t = NewTable(s.Terms.Length);
                    foreach (var term in s.Terms)
                    {
                        if (TryMonomial(term, out var tc, out var tm)) Accumulate(t, tm, tc);
                        else foreach (var (pm, pc) in FromExpr(term)._terms) Accumulate(t, pm, pc);
                    }
                    return new Polynomial(t);
                }
            case Product p:
                {
                    var coefficient = Rational.One;
                    var atoms = new List<(int Id, int Exponent)>();
                    var polynomials = new List<Polynomial>();
                    foreach (var f in p.Factors)
                    {
                        if (f is Number n) coefficient *= n.Value;
                        else if (TryAtomPower(f, out int id, out int k)) atoms.Add((id, k));
                        else polynomials.Add(FromExpr(f));
                    }
                    // Multiply the smallest factors first: the intermediate products stay small.
                    polynomials.Sort((a, b) => a.TermCount.CompareTo(b.TermCount));
                    var result = Term(coefficient, MonomialOf(atoms));
                    foreach (var q in polynomials) result *= q;
                    return result;
                }
            case Power { Exponent: Number { Value: { IsInteger: true, Sign: > 0 } n } } pw:
                return FromExpr(pw.Base).Pow(checked((int)n.Numerator));
            default:
                return Atom(e);
        }
    }

    /// <summary>e = c·m with m a monomial: a number, an atom, a natural power of an atom, or a product of those.</summary>
    private static bool TryMonomial(Expr e, out Rational c, out Monomial m)
    {
        c = Rational.One;
        m = Monomial.One;
        switch (e)
        {
            case Number n:
                c = n.Value;
                return true;
            case Product p:
                {
                    var atoms = new List<(int Id, int Exponent)>(p.Factors.Length);
                    foreach (var f in p.Factors)
                    {
                        if (f is Number n) c *= n.Value;
                        else if (TryAtomPower(f, out int id, out int k)) atoms.Add((id, k));
                        else return false;
                    }
                    m = MonomialOf(atoms);
                    return true;
                }
            default:
                if (!TryAtomPower(e, out int atomId, out int exponent)) return false;
                m = Monomial.OfAtom(atomId, exponent);
                return true;
        }
    }

    private static bool TryAtomPower(Expr e, out int id, out int exponent)
    {
        if (e is Power { Exponent: Number { Value: { IsInteger: true, Sign: > 0 } n } } pw && PolynomialAtoms.IsAtom(pw.Base))
        {
            id = PolynomialAtoms.Intern(pw.Base);
            exponent = checked((int)n.Numerator);
            return true;
        }
        if (PolynomialAtoms.IsAtom(e))
        {
            id = PolynomialAtoms.Intern(e);
            exponent = 1;
            return true;
        }
        id = exponent = 0;
        return false;
    }

    private static Monomial MonomialOf(List<(int Id, int Exponent)> atoms)
    {
        if (atoms.Count == 0) return Monomial.One;
        atoms.Sort((a, b) => a.Id.CompareTo(b.Id));
        var data = new List<int>(2 * atoms.Count);
        foreach (var (id, k) in atoms)
        {
            if (data.Count > 0 && data[^2] == id) data[^1] = checked(data[^1] + k);
            else { data.Add(id); data.Add(k); }
        }
        return new Monomial(data.ToArray());
    }

    /// <summary>The canonical expression Σ c·m (built with <see cref="Expr.Add(IEnumerable{Expr})"/> and <see cref="Expr.Multiply(Expr[])"/>).</summary>
    public Expr ToExpr()
    {
        var terms = new Expr[_monomials.Length];
        for (int k = 0; k < terms.Length; k++)
            terms[k] = _coefficients[k].IsOne ? _monomials[k].ToExpr() : Expr.Multiply(Expr.Num(_coefficients[k]), _monomials[k].ToExpr());
        return Expr.Add(terms);
    }

    public override string ToString() => ToExpr().ToString();

    /// <summary>Float64 value with every atom evaluated by <see cref="Evaluation.Evaluate(Expr, IReadOnlyDictionary{Symbol, double})"/>.</summary>
    public double Evaluate(IReadOnlyDictionary<Symbol, double> binding)
    {
        var values = new Dictionary<int, double>();
        double sum = 0;
        for (int k = 0; k < _monomials.Length; k++)
        {
            var d = _monomials[k].Data;
            double term = _coefficients[k].ToDouble();
            for (int i = 0; i < d.Length; i += 2)
            {
                if (!values.TryGetValue(d[i], out double v))
                    values[d[i]] = v = Evaluation.Evaluate(PolynomialAtoms.Atom(d[i]), binding);
                term *= Evaluation.Kernels.PowRational(v, d[i + 1], smallInteger: true, half: false);
            }
            sum += term;
        }
        return sum;
    }

    // ---------------------------------------------------------------- arithmetic

    private static void Accumulate(Dictionary<Monomial, Rational> table, Monomial m, Rational c)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(table, m, out bool exists);
        slot = exists ? slot + c : c;
    }

    public static Polynomial operator +(Polynomial a, Polynomial b) => Combine(a, b, negate: false);
    public static Polynomial operator -(Polynomial a, Polynomial b) => Combine(a, b, negate: true);

    private static Polynomial Combine(Polynomial a, Polynomial b, bool negate)
    {
        if (b.IsZero) return a;
        if (a.IsZero && !negate) return b;
        var t = new Dictionary<Monomial, Rational>(a._terms, Monomial.Comparer.Instance);
        t.EnsureCapacity(a.TermCount + b.TermCount);
        for (int k = 0; k < b._monomials.Length; k++)
            Accumulate(t, b._monomials[k], negate ? -b._coefficients[k] : b._coefficients[k]);
        return new Polynomial(t);
    }

    public static Polynomial operator -(Polynomial a) => a * Rational.MinusOne;

    public static Polynomial operator *(Rational c, Polynomial a) => a * c;

    public static Polynomial operator *(Polynomial a, Rational c)
    {
        if (c.IsZero) return Zero;
        if (c.IsOne) return a;
        var t = NewTable(a.TermCount);
        for (int k = 0; k < a._monomials.Length; k++) t.Add(a._monomials[k], a._coefficients[k] * c);
        return new Polynomial(t);
    }

    /// <summary>
    /// Product by all pairs of terms. Each pair's monomial is merged into one scratch buffer and looked up by
    /// span (alternate lookup), so a key array is allocated only for a monomial not seen before.
    /// </summary>
    public static Polynomial operator *(Polynomial a, Polynomial b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        if (b.TermCount > a.TermCount) (a, b) = (b, a);
        long pairs = (long)a.TermCount * b.TermCount;
        var t = NewTable((int)Math.Min(pairs, Math.Max(4096, 2L * a.TermCount)));
        var lookup = t.GetAlternateLookup<ReadOnlySpan<int>>();
        int width = a._maxLength + b._maxLength;
        Span<int> buffer = width <= 256 ? stackalloc int[width] : new int[width];
        var bm = b._monomials;
        var bc = b._coefficients;
        for (int i = 0; i < a._monomials.Length; i++)
        {
            var ma = a._monomials[i].Data;
            var ca = a._coefficients[i];
            for (int j = 0; j < bm.Length; j++)
            {
                int length = Monomial.MultiplyInto(ma, bm[j].Data, buffer);
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, (ReadOnlySpan<int>)buffer[..length], out bool exists);
                var product = ca * bc[j];
                slot = exists ? slot + product : product;
            }
        }
        return new Polynomial(t);
    }

    /// <summary>This polynomial to the power n ≥ 0 (repeated squaring).</summary>
    public Polynomial Pow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0) return One;
        if (n == 1 || IsZero) return this;
        if (TermCount == 1) return Term(_coefficients[0].Pow(n), _monomials[0].Pow(n));
        Polynomial result = One, square = this;
        while (true)
        {
            if ((n & 1) == 1) result = ReferenceEquals(result, One) ? square : result * square;
            n >>= 1;
            if (n == 0) return result;
            square *= square;
        }
    }

    // ---------------------------------------------------------------- equality

    public bool Equals(Polynomial? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.TermCount != TermCount) return false;
        for (int k = 0; k < _monomials.Length; k++)
            if (!other._terms.TryGetValue(_monomials[k], out var c) || c != _coefficients[k]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is Polynomial p && Equals(p);

    /// <summary>Independent of term order.</summary>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            int h = TermCount;
            for (int k = 0; k < _monomials.Length; k++) h += HashCode.Combine(_monomials[k].GetHashCode(), _coefficients[k]);
            _hash = h == 0 ? 1 : h;
        }
        return _hash;
    }

    public static bool operator ==(Polynomial? a, Polynomial? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Polynomial? a, Polynomial? b) => !(a == b);
}
