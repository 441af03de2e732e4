using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// A diagonal sensing problem of theory.md MF-10: A_i = diag(a_i) (i = 1…m = d − 1, a_i Gaussian), y = A x⋆ for a
/// random x⋆ ≥ 0; ℓ(x) = ½‖Ax − y‖². Only instances whose LP min{1ᵀx : x ≥ 0, Ax = y} has a unique optimal vertex
/// (best and second-best feasible vertex objectives ≥ 5% apart) whose non-zero entries are within a factor
/// 1/<see cref="MinBasicFraction"/> of each other are generated (a tiny optimal entry needs a GF plateau whose length
/// grows as α → 0, beyond a fast check's step budget).
/// </summary>
public sealed record Mf10Instance(int Dim, double[,] A, double[] Y, double[] LpSolution, double LpValue, string Description)
{
    public override string ToString() => Description;

    public int Measurements => Y.Length;

    /// <summary>Every non-zero entry of x_LP is at least this fraction of its largest (small ones mean long GF plateaus).</summary>
    public const double MinBasicFraction = 0.3;

    public static Mf10Instance Random(int d, int seed)
    {
        for (int attempt = 0; ; attempt++)
        {
            var g = new Gaussian(seed + 7919 * attempt);
            int m = d - 1;
            var a = new double[m, d];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < d; j++) a[i, j] = g.Next();
            var xStar = new double[d];
            for (int j = 0; j < d; j++) xStar[j] = 0.2 + Math.Abs(g.Next());
            var y = new double[m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < d; j++) y[i] += a[i, j] * xStar[j];
            var (best, bestValue, second) = MF10_CommutingSensingNuclearNormCheck.SolveLp(a, y);
            if (best is not null && second >= 1.05 * bestValue && best.Where(v => v > 0).Min() >= MinBasicFraction * best.Max())
                return new Mf10Instance(d, a, y, best, bestValue, $"d={d}, m={m}, seed {seed}{(attempt > 0 ? $" (draw {attempt})" : "")}");
        }
    }
}

/// <summary>
/// MF-10 numerically, by theory.md's diagonal reduction: with A_i = diag(a_i) and W_j(0) = α^{1/N}I, every factor stays
/// the same diagonal matrix diag(u) (the gradients are diagonal and equal across layers), the end matrix is
/// diag(x), x = u^N ≥ 0, and GD on the layers is u ← u − η u^{N−1} ⊙ Aᵀ(Ax − y). GD (η ≤ 0.02, shrunk to 0.8/(N²max u^{2N−2}‖A‖₂²) where the
/// curvature needs it) runs from u = α^{1/N}1 until ‖Ax − y‖ ≤ 1e−12‖y‖. The LP min{1ᵀx : x ≥ 0,
/// Ax = y} (= min ‖W‖_* over diagonal PSD W) is solved exactly by enumerating the basic feasible solutions (d ≤ 5).
/// Rows: for N ∈ {2, 3} (thorough: 4) and α ∈ {1e−2, 1e−3, 1e−4}, the distance ‖x_∞(α) − x_LP‖/‖x_LP‖ shrinks as α
/// decreases (each row's tolerance is the previous α's distance) and is small at α = 1e−4; the limits fit the data.
/// The property (random d ∈ {3, 4}, N ∈ {2, 3}) asserts the shrinking, see <see cref="GapShrinks(Mf10Case)"/>.
/// Controls (assumption violated): large init α = 1 (N = 2, 3). Depth N = 1 (least squares from α1, the min-ℓ₂ fit) is
/// no reliable control: it can land within 1% of the LP vertex (0.98% on the d = 3 default instance).
/// </summary>
public sealed class MF10_CommutingSensingNuclearNormCheck : IClaimCheck
{
    public string ClaimId => "MF-10";

    public static readonly double[] Alphas = [1e-2, 1e-3, 1e-4];

    /// <summary>‖x_∞ − x_LP‖/‖x_LP‖ at α = 1e−4 may not exceed this (N = 2 converges like 1/log(1/α), the slowest).</summary>
    public const double SmallInitTolerance = 0.05;

    public const double MaxStep = 0.02;
    public const long MaxSteps = 1_000_000;

    /// <summary>η ≤ this / (N² max u^{2N−2} ‖A‖₂²), a fraction of the 2/λ_max stability limit of the loss Hessian in u.</summary>
    public const double StabilityFraction = 0.8;

    /// <summary>‖A‖₂² by power iteration on AᵀA.</summary>
    public static double SpectralNormSquared(double[,] a)
    {
        int m = a.GetLength(0), d = a.GetLength(1);
        var v = Enumerable.Repeat(1.0, d).ToArray();
        double lambda = 0;
        for (int it = 0; it < 200; it++)
        {
            var av = new double[m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < d; j++) av[i] += a[i, j] * v[j];
            var w = new double[d];
            for (int j = 0; j < d; j++)
                for (int i = 0; i < m; i++) w[j] += a[i, j] * av[i];
            double norm = Math.Sqrt(w.Sum(x => x * x));
            lambda = norm / Math.Sqrt(v.Sum(x => x * x));
            for (int j = 0; j < d; j++) v[j] = w[j] / norm;
        }
        return lambda;
    }

    /// <summary>(optimal vertex, its value, second-best vertex value) of min{1ᵀx : x ≥ 0, Ax = y}, or (null, ∞, ∞) if infeasible.</summary>
    public static (double[]? Best, double BestValue, double SecondValue) SolveLp(double[,] a, double[] y)
    {
        int m = a.GetLength(0), d = a.GetLength(1);
        double[]? best = null;
        double bestValue = double.PositiveInfinity, second = double.PositiveInfinity;
        var values = new List<double>();
        foreach (var basis in Subsets(d, m))
        {
            var x = SolveBasis(a, y, basis);
            if (x is null || x.Any(v => v < -1e-12)) continue;
            double value = x.Sum();
            if (values.Any(v => Math.Abs(v - value) <= 1e-12 * Math.Max(1, value))) continue; // the same (degenerate) vertex
            values.Add(value);
            if (value < bestValue) { second = bestValue; bestValue = value; best = x; }
            else if (value < second) second = value;
        }
        return (best, bestValue, second);
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }

    /// <summary>x with support in <paramref name="basis"/> and A_basis x_basis = y (Gaussian elimination, partial pivoting), or null if singular.</summary>
    private static double[]? SolveBasis(double[,] a, double[] y, int[] basis)
    {
        int m = basis.Length, d = a.GetLength(1);
        var mat = new double[m, m + 1];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++) mat[i, j] = a[i, basis[j]];
            mat[i, m] = y[i];
        }
        for (int col = 0; col < m; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < m; r++) if (Math.Abs(mat[r, col]) > Math.Abs(mat[pivot, col])) pivot = r;
            if (Math.Abs(mat[pivot, col]) < 1e-10) return null;
            for (int c = 0; c <= m; c++) (mat[col, c], mat[pivot, c]) = (mat[pivot, c], mat[col, c]);
            for (int r = 0; r < m; r++)
            {
                if (r == col) continue;
                double f = mat[r, col] / mat[col, col];
                for (int c = col; c <= m; c++) mat[r, c] -= f * mat[col, c];
            }
        }
        var x = new double[d];
        for (int j = 0; j < m; j++) x[basis[j]] = mat[j, m] / mat[j, j];
        return x;
    }

    /// <summary>GD on the N equal diagonal layers diag(u) from u = α^{1/N}1 until the fit is exact; returns x = u^N and ‖Ax − y‖/‖y‖.</summary>
    public static (double[] X, double Residual) Train(Mf10Instance c, int depth, double alpha)
    {
        int d = c.Dim, m = c.Measurements;
        double spectral = SpectralNormSquared(c.A);
        double yNorm = Math.Sqrt(c.Y.Sum(v => v * v));
        var u = Enumerable.Repeat(Math.Pow(alpha, 1.0 / depth), d).ToArray();
        var x = new double[d];
        var r = new double[m];
        double residual = double.PositiveInfinity;
        for (long k = 0; k < MaxSteps; k++)
        {
            double uMax = 0;
            for (int j = 0; j < d; j++) { x[j] = IntPow(u[j], depth); uMax = Math.Max(uMax, Math.Abs(u[j])); }
            double rr = 0;
            for (int i = 0; i < m; i++)
            {
                double s = -c.Y[i];
                for (int j = 0; j < d; j++) s += c.A[i, j] * x[j];
                r[i] = s;
                rr += s * s;
            }
            residual = Math.Sqrt(rr) / yNorm;
            if (residual <= 1e-12) break;
            double eta = Math.Min(MaxStep, StabilityFraction / (depth * depth * IntPow(uMax, 2 * depth - 2) * spectral));
            for (int j = 0; j < d; j++)
            {
                double g = 0;
                for (int i = 0; i < m; i++) g += c.A[i, j] * r[i];
                u[j] -= eta * IntPow(u[j], depth - 1) * g;
            }
        }
        return (x, residual);
    }

    private static double IntPow(double b, int e)
    {
        double r = 1;
        for (int i = 0; i < e; i++) r *= b;
        return r;
    }

    /// <summary>‖x_∞(α) − x_LP‖/‖x_LP‖ and the fit residual of the GD limit.</summary>
    public static (double Distance, double Residual) Gap(Mf10Instance c, int depth, double alpha)
    {
        var (x, residual) = Train(c, depth, alpha);
        double diff = 0, norm = 0;
        for (int j = 0; j < c.Dim; j++)
        {
            diff += (x[j] - c.LpSolution[j]) * (x[j] - c.LpSolution[j]);
            norm += c.LpSolution[j] * c.LpSolution[j];
        }
        return (Math.Sqrt(diff / norm), residual);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var depths = options.Thorough ? new[] { 2, 3, 4 } : [2, 3];
        var instances = new[] { Mf10Instance.Random(3, options.Seed), Mf10Instance.Random(4, options.Seed + 1) };
        foreach (var c in instances)
            foreach (var n in depths)
            {
                double previous = double.PositiveInfinity;
                foreach (var alpha in Alphas)
                {
                    var (gap, residual) = Gap(c, n, alpha);
                    bool last = alpha == Alphas[^1];
                    double tolerance = last ? Math.Min(previous, SmallInitTolerance) : previous == double.PositiveInfinity ? 1 : previous;
                    rows.Add(new EvidenceRow($"‖x_∞(α) − x_LP‖/‖x_LP‖ {(last ? $"≤ min(previous α, {SmallInitTolerance})" : "shrinks as α decreases")}, N = {n}, α = {alpha}, {c}",
                        gap, tolerance, $"fit ‖Ax − y‖/‖y‖ = {residual:0.#e+0}, LP value 1ᵀx_LP = {c.LpValue:0.####}"));
                    rows.Add(new EvidenceRow($"GD limit fits the measurements, N = {n}, α = {alpha}, {c}", residual, 1e-10));
                    previous = gap;
                }
            }
        var controls = new List<EvidenceRow>();
        foreach (var c in instances)
            foreach (var n in new[] { 2, 3 })
            {
                var (large, _) = Gap(c, n, 1.0);
                controls.Add(new EvidenceRow($"control (init not small, α = 1): ‖x_∞ − x_LP‖/‖x_LP‖ ≤ {SmallInitTolerance}, N = {n}, {c}", large, SmallInitTolerance));
            }
        return new NumericEvidence(rows, Controls: controls);
    }

    /// <summary>
    /// The property over random cases (<see cref="Mf10Case.Draw"/>: GD fits at every α): the distance to x_LP shrinks
    /// strictly over α = 1e−2, 1e−3, 1e−4 (distances ≤ 1e−9 count as reached) and by at least a factor
    /// <see cref="PropertyShrink"/> overall. No absolute bound: for N = 2 the approach can be as slow as 1/log(1/α)
    /// (d = 3, seed 837578: 0.42, 0.28, 0.16, and 0.04 at α = 1e−6).
    /// </summary>
    public static bool GapShrinks(Mf10Case c)
    {
        var gaps = c.Distances;
        static bool Below(double next, double previous) => next < previous || next <= 1e-9;
        return Below(gaps[1], gaps[0]) && Below(gaps[2], gaps[1]) && (gaps[2] <= PropertyShrink * gaps[0] || gaps[2] <= 1e-9);
    }

    public const double PropertyShrink = 0.9;

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(Math.Max(10, options.PropertyCases / 10), options.Seed, g => Mf10Case.Draw(g.NextInt(1_000_000)), GapShrinks);
}

/// <summary>
/// A random MF-10 case for the properties: d ∈ {3, 4}, N ∈ {2, 3}, and the distances ‖x_∞(α) − x_LP‖/‖x_LP‖ for
/// α = 1e−2, 1e−3, 1e−4. Cases whose GD run does not fit the data (‖Ax − y‖ ≤ 1e−8‖y‖) within the step budget at
/// every α are redrawn: there the claim's hypothesis 𝒜(W̄) = y is not reached (long plateaus when a coordinate was
/// driven far below α; about 1% of draws).
/// </summary>
public sealed record Mf10Case(Mf10Instance Instance, int Depth, double[] Distances, int Redraws)
{
    public override string ToString() => $"N = {Depth}, {Instance}{(Redraws > 0 ? $" ({Redraws} unfitted draws skipped)" : "")}";

    public const double FitRequired = 1e-8;

    public static Mf10Case Draw(int seed)
    {
        for (int redraws = 0; ; redraws++)
        {
            var g = new Gaussian(seed + 104729 * redraws);
            var instance = Mf10Instance.Random(3 + g.NextInt(2), g.NextInt(1_000_000));
            int depth = 2 + g.NextInt(2);
            var gaps = MF10_CommutingSensingNuclearNormCheck.Alphas.Select(a => MF10_CommutingSensingNuclearNormCheck.Gap(instance, depth, a)).ToArray();
            if (gaps.All(q => q.Residual <= FitRequired)) return new Mf10Case(instance, depth, [.. gaps.Select(q => q.Distance)], redraws);
        }
    }
}
