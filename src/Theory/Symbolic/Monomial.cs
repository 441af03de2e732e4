using System.Runtime.CompilerServices;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// A power product of atoms a₁^e₁ ⋯ a_k^e_k (eᵢ ≥ 1) without coefficient, the key type of
/// <see cref="Polynomial"/>. Layout: one int array [id₁, e₁, id₂, e₂, …] with atom ids
/// (<see cref="PolynomialAtoms"/>) strictly increasing, and a cached hash; the empty array is the monomial 1.
/// </summary>
public readonly struct Monomial : IEquatable<Monomial>
{
    private readonly int[]? _data;
    private readonly int _hash;

    /// <summary>The monomial 1 (no atoms); also <c>default(Monomial)</c>.</summary>
    public static readonly Monomial One = default;

    /// <param name="data">Interleaved (id, exponent) pairs, ids strictly increasing, exponents ≥ 1; not copied.</param>
    internal Monomial(int[] data)
    {
        _data = data;
        _hash = Hash(data);
    }

    internal ReadOnlySpan<int> Data => _data;

    /// <summary>Number of distinct atoms.</summary>
    public int Count => Data.Length / 2;

    /// <summary>Total degree Σ eᵢ.</summary>
    public int Degree
    {
        get
        {
            var d = Data;
            int sum = 0;
            for (int k = 1; k < d.Length; k += 2) sum += d[k];
            return sum;
        }
    }

    /// <summary>The k-th atom (in atom-id order) and its exponent.</summary>
    public (Expr Atom, int Exponent) this[int k] => (PolynomialAtoms.Atom(Data[2 * k]), Data[2 * k + 1]);

    /// <summary>Exponent of <paramref name="atom"/> (0 when absent).</summary>
    public int ExponentOf(Expr atom)
    {
        if (!PolynomialAtoms.TryGetId(atom, out int id)) return 0;
        var d = Data;
        for (int k = 0; k < d.Length; k += 2) if (d[k] == id) return d[k + 1];
        return 0;
    }

    /// <summary>a^e for a single atom id (e ≥ 1).</summary>
    internal static Monomial OfAtom(int id, int exponent) => new([id, exponent]);

    /// <summary>This monomial to the power n ≥ 0.</summary>
    public Monomial Pow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0 || Count == 0) return One;
        if (n == 1) return this;
        var result = Data.ToArray();
        for (int k = 1; k < result.Length; k += 2) result[k] = checked(result[k] * n);
        return new Monomial(result);
    }

    public static Monomial operator *(Monomial a, Monomial b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var buffer = new int[a.Data.Length + b.Data.Length];
        int length = MultiplyInto(a.Data, b.Data, buffer);
        return new Monomial(length == buffer.Length ? buffer : buffer[..length]);
    }

    /// <summary>Merges the sorted pair lists of a·b into <paramref name="destination"/> (length ≥ |a| + |b|); returns the length written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int MultiplyInto(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> destination)
    {
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            int ia = a[i], ib = b[j];
            if (ia < ib) { destination[k++] = ia; destination[k++] = a[i + 1]; i += 2; }
            else if (ib < ia) { destination[k++] = ib; destination[k++] = b[j + 1]; j += 2; }
            else { destination[k++] = ia; destination[k++] = checked(a[i + 1] + b[j + 1]); i += 2; j += 2; }
        }
        while (i < a.Length) destination[k++] = a[i++];
        while (j < b.Length) destination[k++] = b[j++];
        return k;
    }

    /// <summary>Order-dependent multiplicative hash of the pair list; 0 for the empty list, so <c>default</c> is consistent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Hash(ReadOnlySpan<int> data)
    {
        uint h = 0;
        foreach (int x in data)
        {
            h = (h ^ (uint)x) * 0x9E3779B1u;
            h ^= h >> 15;
        }
        return (int)h;
    }

    public bool Equals(Monomial other) => _hash == other._hash && Data.SequenceEqual(other.Data);
    public override bool Equals(object? obj) => obj is Monomial m && Equals(m);
    public override int GetHashCode() => _hash;
    public static bool operator ==(Monomial a, Monomial b) => a.Equals(b);
    public static bool operator !=(Monomial a, Monomial b) => !a.Equals(b);

    /// <summary>The canonical expression Π aᵢ^eᵢ.</summary>
    public Expr ToExpr()
    {
        if (Count == 0) return Expr.One;
        var factors = new Expr[Count];
        for (int k = 0; k < factors.Length; k++)
        {
            var (atom, e) = this[k];
            factors[k] = e == 1 ? atom : Expr.Pow(atom, e);
        }
        return Expr.Multiply(factors);
    }

    public override string ToString() => ToExpr().ToString();

    /// <summary>
    /// Equality on monomials that also accepts a raw pair list, so a product can be looked up in a
    /// <see cref="Dictionary{TKey, TValue}.AlternateLookup{TAlternateKey}"/> before it is allocated as a key.
    /// </summary>
    internal sealed class Comparer : IEqualityComparer<Monomial>, IAlternateEqualityComparer<ReadOnlySpan<int>, Monomial>
    {
        public static readonly Comparer Instance = new();
        public bool Equals(Monomial x, Monomial y) => x.Equals(y);
        public int GetHashCode(Monomial m) => m._hash;
        public bool Equals(ReadOnlySpan<int> alternate, Monomial other) => alternate.SequenceEqual(other.Data);
        public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);
        public Monomial Create(ReadOnlySpan<int> alternate) => new(alternate.ToArray());
    }
}
