using ImplicitReg.Numerics.Quantities;

namespace ImplicitReg.Properties.Baselines;

/// <summary>
/// An independent reference for tiny equality-constrained instances (δ = 0): the unobserved entries (at most two) are the
/// only variables, ‖X‖_* is convex in them, so nested golden-section searches find the minimum (the inner minimum of a
/// jointly convex function is convex in the outer variable). Every minimizer has |X_ij| ≤ σ₁(X) ≤ ‖X‖_* ≤ ‖X₀‖_*
/// (X₀: zeros in the free entries), which brackets the search. Nuclear norms by MathNet's SVD.
/// </summary>
public static class BruteForceNuclearNorm
{
    private const int Steps = 70;   // 0.618⁷⁰ ≈ 2·10⁻¹⁵ of the bracket

    public static double Minimum(int rows, int cols, int[] omega, double[] values)
    {
        var x = new double[rows * cols];
        for (int e = 0; e < omega.Length; e++) x[omega[e]] = values[e];
        var free = Enumerable.Range(0, rows * cols).Except(omega).ToArray();
        if (free.Length > 2) throw new ArgumentException($"{free.Length} unobserved entries; the brute force handles at most 2.");
        double bound = Nuclear(x, rows, cols) + 1;
        double F(double[] point)
        {
            for (int k = 0; k < free.Length; k++) x[free[k]] = point[k];
            return Nuclear(x, rows, cols);
        }
        return free.Length switch
        {
            0 => F([]),
            1 => GoldenSection(w => F([w]), -bound, bound),
            _ => GoldenSection(w1 => GoldenSection(w2 => F([w1, w2]), -bound, bound), -bound, bound),
        };
    }

    private static double Nuclear(double[] x, int rows, int cols) => MatrixSpectrum.SingularValues(x, rows, cols).Sum();

    /// <summary>min of a convex f on [lo, hi].</summary>
    private static double GoldenSection(Func<double, double> f, double lo, double hi)
    {
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
        double fa = f(a), fb = f(b);
        for (int i = 0; i < Steps; i++)
        {
            if (fa <= fb)
            {
                hi = b; b = a; fb = fa;
                a = hi - ratio * (hi - lo); fa = f(a);
            }
            else
            {
                lo = a; a = b; fa = fb;
                b = lo + ratio * (hi - lo); fb = f(b);
            }
        }
        return Math.Min(fa, fb);
    }
}
