namespace ImplicitReg.Numerics.Random;

/// <summary>
/// Seeded standard normal samples (Marsaglia's polar method on <see cref="System.Random"/>(seed), whose
/// seeded sequence is fixed across .NET versions). Same seed, same machine and runtime ⇒ bit-identical draws;
/// across machines the draws agree to the last bit wherever Math.Log agrees (IEEE sqrt is exact).
/// </summary>
public sealed class Gaussian
{
    private readonly System.Random _uniform;
    private double _spare;
    private bool _hasSpare;

    public Gaussian(int seed) => _uniform = new System.Random(seed);

    public double Next()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        double u, v, s;
        do
        {
            u = 2 * _uniform.NextDouble() - 1;
            v = 2 * _uniform.NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>Fills with 𝒩(mean, std²) samples.</summary>
    public void Fill(Span<double> target, double std, double mean = 0)
    {
        for (int i = 0; i < target.Length; i++) target[i] = mean + std * Next();
    }

    /// <summary>A uniform integer in [0, n).</summary>
    public int NextInt(int n) => _uniform.Next(n);

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = _uniform.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
