using System.Globalization;
using System.Numerics;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// Exact rational number p/q on <see cref="BigInteger"/>.
/// Invariant (kept by every constructor): q &gt; 0 and gcd(p, q) = 1, so equal values are equal structs.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public static readonly Rational Zero = new(BigInteger.Zero, BigInteger.One, reduced: true);
    public static readonly Rational One = new(BigInteger.One, BigInteger.One, reduced: true);
    public static readonly Rational MinusOne = new(BigInteger.MinusOne, BigInteger.One, reduced: true);
    public static readonly Rational Half = new(BigInteger.One, new BigInteger(2), reduced: true);

    private Rational(BigInteger p, BigInteger q, bool reduced)
    {
        Numerator = p;
        Denominator = q;
    }

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("Rational with zero denominator.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsOne && !g.IsZero) { numerator /= g; denominator /= g; }
        if (numerator.IsZero) denominator = BigInteger.One;
        Numerator = numerator;
        Denominator = denominator;
    }

    public Rational(BigInteger integer) : this(integer, BigInteger.One, reduced: true) { }

    public static implicit operator Rational(int n) => new(new BigInteger(n));
    public static implicit operator Rational(long n) => new(new BigInteger(n));
    public static implicit operator Rational(BigInteger n) => new(n);

    public bool IsZero => Numerator.IsZero;
    public bool IsOne => Numerator.IsOne && Denominator.IsOne;
    public bool IsInteger => Denominator.IsOne;
    public int Sign => Numerator.Sign;

    public static Rational operator +(Rational a, Rational b) =>
        a.Denominator.IsOne && b.Denominator.IsOne
            ? new Rational(a.Numerator + b.Numerator, BigInteger.One, reduced: true)
            : new Rational(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + (-b);
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator, reduced: true);

    public static Rational operator *(Rational a, Rational b) =>
        a.Denominator.IsOne && b.Denominator.IsOne
            ? new Rational(a.Numerator * b.Numerator, BigInteger.One, reduced: true)
            : new Rational(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b)
    {
        if (b.IsZero) throw new DivideByZeroException("Division of a rational by zero.");
        return new Rational(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    }

    public Rational Reciprocal() => One / this;
    public Rational Abs() => Sign < 0 ? -this : this;

    /// <summary>Integer power; a negative exponent inverts (0^negative throws).</summary>
    public Rational Pow(int exponent)
    {
        if (exponent == 0) return One;
        if (exponent < 0) return Reciprocal().Pow(-exponent);
        return new Rational(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent), reduced: true);
    }

    /// <summary>Largest integer ≤ this.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public int CompareTo(Rational other) =>
        Denominator == other.Denominator
            ? Numerator.CompareTo(other.Numerator)
            : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public double ToDouble()
    {
        if (Denominator.IsOne) return (double)Numerator;
        // Scale to keep 64 significant bits when numerator/denominator exceed the double range.
        var nd = (double)Numerator;
        var dd = (double)Denominator;
        if (!double.IsInfinity(nd) && !double.IsInfinity(dd)) return nd / dd;
        var shift = (int)Math.Max(0, Math.Max(Numerator.GetBitLength(), Denominator.GetBitLength()) - 1000);
        return (double)(Numerator >> shift) / (double)(Denominator >> shift);
    }

    /// <summary>The exact rational value of a finite double (every double is a dyadic rational).</summary>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"Cannot convert {value} to an exact rational.", nameof(value));
        if (value == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger p = mantissa;
        Rational r = exponent >= 0 ? new Rational(p << exponent) : new Rational(p, BigInteger.One << -exponent);
        return negative ? -r : r;
    }

    /// <summary>
    /// Exact k-th root when it is rational (k ≥ 1); null otherwise. Negative radicands have a real root only for odd k.
    /// </summary>
    public Rational? ExactRoot(int k)
    {
        if (k == 1) return this;
        if (Sign < 0)
        {
            if (k % 2 == 0) return null;
            var r = (-this).ExactRoot(k);
            return r is null ? null : -r.Value;
        }
        var p = IntegerRoot(Numerator, k);
        var q = IntegerRoot(Denominator, k);
        return p is null || q is null ? null : new Rational(p.Value, q.Value, reduced: true);
    }

    private static BigInteger? IntegerRoot(BigInteger n, int k)
    {
        if (n.IsZero || n.IsOne) return n;
        // Newton iteration on integers from an upper bound.
        int bits = (int)n.GetBitLength();
        BigInteger x = BigInteger.One << (bits / k + 1);
        while (true)
        {
            var y = ((k - 1) * x + n / BigInteger.Pow(x, k - 1)) / k;
            if (y >= x) break;
            x = y;
        }
        return BigInteger.Pow(x, k) == n ? x : null;
    }

    /// <summary>Parses "p", "p/q", decimals "1.25" and scientific "1e-3", all exactly.</summary>
    public static bool TryParse(string s, out Rational value)
    {
        value = Zero;
        s = s.Trim();
        if (s.Length == 0) return false;
        int slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParse(s[..slash], out var a) || !TryParse(s[(slash + 1)..], out var b) || b.IsZero) return false;
            value = a / b;
            return true;
        }
        int e = s.IndexOfAny(['e', 'E']);
        int exp10 = 0;
        string mant = s;
        if (e >= 0)
        {
            if (!int.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp10)) return false;
            mant = s[..e];
        }
        bool neg = mant.StartsWith('-');
        if (neg || mant.StartsWith('+')) mant = mant[1..];
        int dot = mant.IndexOf('.');
        string digits = dot >= 0 ? mant.Remove(dot, 1) : mant;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return false;
        if (dot >= 0) exp10 -= mant.Length - dot - 1;
        var n = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        value = exp10 >= 0 ? new Rational(n * BigInteger.Pow(10, exp10)) : new Rational(n, BigInteger.Pow(10, -exp10));
        if (neg) value = -value;
        return true;
    }

    public static Rational Parse(string s) =>
        TryParse(s, out var r) ? r : throw new FormatException($"'{s}' is not a rational number.");

    public override string ToString() =>
        Denominator.IsOne
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
