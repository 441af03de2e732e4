using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Training;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-7 numerically: at balanced square points with well-separated non-zero singular values, (1) the central finite
/// difference of the SVD along the gradient-flow direction −∇φ (h = 1e−6, signs aligned jointly for u_r, v_r) against
/// the claimed u̇_r, v̇_r; (2) the GD rate (u_r(k+1) − u_r(k))/η along a balanced run, error shrinking at order ≈ 1 over
/// η, η/2, η/4; controls: unbalanced points break the formula.
/// </summary>
public sealed class MF7_SingularVectorDynamicsCheck : IClaimCheck
{
    public string ClaimId => "MF-7";

    public const double Tolerance = 1e-6;

    /// <summary>Minimum relative gap (σ_r − σ_{r+1})/σ_1 and smallest relative σ for an instance to be used.</summary>
    public const double MinimumSeparation = 0.05;

    /// <summary>The claimed (U̇, V̇) (columns u̇_r, v̇_r) at a square W = USVᵀ with gradient G = ∇ℓ(W).</summary>
    public static (Matrix<double> UDot, Matrix<double> VDot) Law(Matrix<double> u, double[] s, Matrix<double> v, Matrix<double> gradient, int depth)
    {
        int d = s.Length;
        var gt = u.Transpose() * gradient * v;
        var uDot = Matrix<double>.Build.Dense(d, d);
        var vDot = Matrix<double>.Build.Dense(d, d);
        for (int r = 0; r < d; r++)
            for (int rp = 0; rp < d; rp++)
            {
                if (rp == r) continue;
                double gap = Math.Pow(s[r], 2.0 / depth) - Math.Pow(s[rp], 2.0 / depth);
                double cu = -(s[r] * gt[rp, r] + s[rp] * gt[r, rp]) / gap;
                double cv = -(s[r] * gt[r, rp] + s[rp] * gt[rp, r]) / gap;
                for (int i = 0; i < d; i++)
                {
                    uDot[i, r] += cu * u[i, rp];
                    vDot[i, r] += cv * v[i, rp];
                }
            }
        return (uDot, vDot);
    }

    /// <summary>SVD of W_e at θ with the signs of each pair (u_r, v_r) flipped jointly to agree with <paramref name="reference"/>'s u_r.</summary>
    public static (Matrix<double> U, double[] S, Matrix<double> V) AlignedSvd(MfInstance c, ReadOnlySpan<double> theta, Matrix<double>? reference)
    {
        var end = new double[c.Model.EndShape.Size];
        c.Model.End(theta, end);
        var (u, s, v) = MfAlgebra.Svd(c, end);
        if (reference is not null)
            for (int r = 0; r < s.Length; r++)
                if (u.Column(r).DotProduct(reference.Column(r)) < 0)
                {
                    u.SetColumn(r, -u.Column(r));
                    v.SetColumn(r, -v.Column(r));
                }
        return (u, s, v);
    }

    private static (Matrix<double> UDot, Matrix<double> VDot) LawAt(MfInstance c, ReadOnlySpan<double> theta, Matrix<double> u, double[] s, Matrix<double> v)
    {
        var (_, endGrad, _) = MfAlgebra.EndAndGradient(c, theta);
        return Law(u, s, v, Quantities.MatrixSpectrum.ToMatrix(endGrad, c.Rows, c.Cols), c.Model.Depth);
    }

    /// <summary>max(‖U̇_FD − U̇‖, ‖V̇_FD − V̇‖) / max(‖U̇‖, ‖V̇‖) at the instance's θ, U̇_FD by central differences along −∇φ.</summary>
    public static double RelativeError(MfInstance c, double h = 1e-6)
    {
        var theta = c.Theta;
        var grad = MfAlgebra.Gradient(c, theta);
        var (u, s, v) = AlignedSvd(c, theta, null);
        var plus = theta.Select((t, i) => t - h * grad[i]).ToArray();
        var minus = theta.Select((t, i) => t + h * grad[i]).ToArray();
        var (up, _, vp) = AlignedSvd(c, plus, u);
        var (um, _, vm) = AlignedSvd(c, minus, u);
        var uFd = (up - um) / (2 * h);
        var vFd = (vp - vm) / (2 * h);
        var (uDot, vDot) = LawAt(c, theta, u, s, v);
        double scale = Math.Max(Math.Max(uDot.FrobeniusNorm(), vDot.FrobeniusNorm()), 1e-300);
        return Math.Max((uFd - uDot).FrobeniusNorm(), (vFd - vDot).FrobeniusNorm()) / scale;
    }

    /// <summary>max_k max(‖(U(k+1) − U(k))/η − U̇(θ_k)‖, same for V) / max_k ‖U̇‖, ‖V̇‖ along GD with step η up to τ = T.</summary>
    public static double GdRateError(MfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var sim = runs.Replay(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        var (u, s, v) = AlignedSvd(c, sim.Theta, null);
        var (uDot, vDot) = LawAt(c, sim.Theta, u, s, v);
        double worst = 0, scale = 1e-300;
        for (long k = 0; k < steps; k++)
        {
            sim.Step();
            var (un, sn, vn) = AlignedSvd(c, sim.Theta, u);
            worst = Math.Max(worst, Math.Max(((un - u) / eta - uDot).FrobeniusNorm(), ((vn - v) / eta - vDot).FrobeniusNorm()));
            scale = Math.Max(scale, Math.Max(uDot.FrobeniusNorm(), vDot.FrobeniusNorm()));
            (u, s, v) = (un, sn, vn);
            (uDot, vDot) = LawAt(c, sim.Theta, u, s, v);
        }
        return worst / scale;
    }

    /// <summary>True when the end matrix's singular values are non-zero and pairwise separated by ≥ <see cref="MinimumSeparation"/>·σ_1.</summary>
    public static bool WellSeparated(MfInstance c)
    {
        var end = new double[c.Model.EndShape.Size];
        c.Model.End(c.Theta, end);
        var s = Quantities.MatrixSpectrum.SingularValues(end, c.Rows, c.Cols);
        for (int r = 0; r + 1 < s.Length; r++)
            if (s[r] - s[r + 1] < MinimumSeparation * s[0]) return false;
        return s[^1] >= MinimumSeparation * s[0];
    }

    /// <summary>A random balanced (or unbalanced) square instance, depth 2–4, d 2–4, redrawn until <see cref="WellSeparated"/>.</summary>
    public static MfInstance Instance(Gaussian g, bool balanced)
    {
        while (true)
        {
            var c = MfInstance.Random(g, balanced);
            if (WellSeparated(c)) return c;
        }
    }

    private static MfInstance Separated(int depth, int d, int seed, bool balanced)
    {
        for (int attempt = 0; ; attempt++)
        {
            var c = MfInstance.Square(depth, d, seed + 1000 * attempt, balanced);
            if (WellSeparated(c)) return c;
        }
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough ? new[] { (1, 3), (2, 2), (2, 4), (3, 3), (3, 5), (4, 4) } : new[] { (1, 3), (2, 2), (2, 4), (3, 3), (4, 4), (3, 5) };
        foreach (var (n, d) in sizes)
        {
            var c = Separated(n, d, options.Seed + 73 * n + d, balanced: true);
            rows.Add(new EvidenceRow($"central FD of the SVD along −∇φ vs u̇_r, v̇_r, {c}", RelativeError(c), Tolerance));
        }
        var run = Separated(3, 3, options.Seed + 79, balanced: true);
        double eta = 0.01, horizon = 0.3;
        var errors = new[] { eta, eta / 2, eta / 4 }.Select(e => GdRateError(run, e, horizon, options.Runs)).ToArray();
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD rate (u_r(k+1) − u_r(k))/η, same for v_r, vs law along a balanced run, {run}, η = {eta / (1 << i)}, τ ≤ {horizon}", errors[i], 0.05));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = new[] { (2, 3), (3, 3), (3, 4) }.Select(x =>
        {
            var c = Separated(x.Item1, x.Item2, options.Seed + 83, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), Tolerance);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(Math.Max(20, options.PropertyCases / 2), options.Seed, g => Instance(g, balanced: true), c => RelativeError(c) < Tolerance);
}
