using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Theory.Symbolic;
using NN2 = ImplicitReg.Theory.Claims.NotExplainableByNorms.NN2_NormsBlowUp;
using NN4 = ImplicitReg.Theory.Claims.NotExplainableByNorms.NN4_RankToOne;

namespace ImplicitReg.Numerics.Checks.NotExplainableByNorms;

/// <summary>Tally of a pointwise inequality over points satisfying its hypotheses (det W &gt; 0, ρ &lt; 1).</summary>
public sealed record BoundTally(int Points, int Violations, double MinSlackRatio, string? FirstViolation)
{
    public EvidenceRow Row(string text) =>
        new(text, Violations, 0, $"{Points} points with det W > 0 and ρ < 1, {Violations} violations, min slack ratio {MinSlackRatio:0.####}" +
            (FirstViolation is null ? "" : $", first: {FirstViolation}"));
}

/// <summary>
/// NN-2 and NN-4's pointwise inequalities on RC20's canonical 2×2 instance, with the claims' bounds compiled:
/// NN-2 |w₁₁| ≥ (1−ρ)²/ρ and NN-4 σ₂(W) ≤ ρ + (1+ρ)²/|w₁₁|, compared exactly (no tolerance).
/// </summary>
public static class Rc20Bounds
{
    private static readonly Func<double[], double> Nn2Bound = Evaluation.Compile(NN2.Bound, [NN2.Rho]);
    private static readonly Func<double[], double> Nn4Bound = Evaluation.Compile(NN4.Bound, [NN2.Rho, NN4.AbsW11]);
    private static readonly Func<double[], double> Nn4RhoBound = Evaluation.Compile(NN4.RhoBound, [NN2.Rho]);

    public static double Rho(double[] w) =>
        Math.Sqrt((w[1] - 1) * (w[1] - 1) + (w[2] - 1) * (w[2] - 1) + w[3] * w[3]);

    public static double Det(double[] w) => w[0] * w[3] - w[1] * w[2];

    /// <summary>True when the hypotheses hold (det W &gt; 0, 0 &lt; ρ &lt; 1).</summary>
    public static bool Applies(double[] w, bool requirePositiveDet = true)
    {
        double rho = Rho(w);
        return (!requirePositiveDet || Det(w) > 0) && rho > 0 && rho < 1;
    }

    /// <summary>NN-2's bound (1 − ρ)²/ρ on |w₁₁| (the claim's compiled right-hand side).</summary>
    public static double W11LowerBound(double rho) => Nn2Bound([rho]);

    /// <summary>(holds, |w₁₁| / bound) for NN-2.</summary>
    public static (bool Holds, double Ratio) Nn2(double[] w)
    {
        double bound = Nn2Bound([Rho(w)]);
        return (Math.Abs(w[0]) >= bound, Math.Abs(w[0]) / bound);
    }

    /// <summary>(both NN-4 inequalities hold, bound / σ₂ for the first) — σ₂ ≤ ρ + (1+ρ)²/|w₁₁| ≤ ρ(1 + (1+ρ)²/(1−ρ)²).</summary>
    public static (bool Holds, double Ratio) Nn4(double[] w)
    {
        double sigma2 = MatrixSpectrum.SingularValues(w, 2, 2)[1];
        double rho = Rho(w);
        double bound = Nn4Bound([rho, Math.Abs(w[0])]);
        return (sigma2 <= bound && bound <= Nn4RhoBound([rho]), bound / sigma2);
    }

    /// <summary>Random W near the observations: residuals uniform in a ball of radius &lt; 1, w₁₁ = ±10^U(−2, 4) or near NN-2's bound.</summary>
    public static double[] Sample(Gaussian g)
    {
        var r = new double[3];
        g.Fill(r, 1);
        double norm = Math.Sqrt(r.Sum(x => x * x));
        double radius = Math.Pow(g.NextInt(1_000_000) / 1_000_000.0, 1.0 / 3) * (0.02 + 0.98 * g.NextInt(1000) / 1000.0);
        for (int i = 0; i < 3; i++) r[i] *= radius / norm;
        double rho = Math.Sqrt(r.Sum(x => x * x));
        double magnitude = g.NextInt(4) == 0
            ? (1 - rho) * (1 - rho) / rho * (1 + 0.1 * g.NextInt(1000) / 1000.0)
            : Math.Pow(10, -2 + 6 * g.NextInt(1_000_000) / 1_000_000.0);
        double sign = g.NextInt(2) == 0 ? 1 : -1;
        return [sign * magnitude, 1 + r[0], 1 + r[1], r[2]];
    }

    /// <summary>Tally of <paramref name="check"/> over <paramref name="points"/> that satisfy the hypotheses.</summary>
    public static BoundTally Tally(IEnumerable<double[]> points, Func<double[], (bool Holds, double Ratio)> check, bool requirePositiveDet = true)
    {
        int count = 0, violations = 0;
        double minRatio = double.PositiveInfinity;
        string? first = null;
        foreach (var w in points)
        {
            if (!Applies(w, requirePositiveDet)) continue;
            count++;
            var (holds, ratio) = check(w);
            minRatio = Math.Min(minRatio, ratio);
            if (!holds)
            {
                violations++;
                first ??= $"W = [{string.Join(", ", w.Select(x => x.ToString("R")))}]";
            }
        }
        return new BoundTally(count, violations, minRatio, first);
    }

    /// <summary>Random feasible W (det &gt; 0 or, for controls, det &lt; 0).</summary>
    public static IEnumerable<double[]> RandomPoints(int count, int seed, bool positiveDet = true)
    {
        var g = new Gaussian(seed);
        int produced = 0;
        while (produced < count)
        {
            var w = Sample(g);
            if (positiveDet ? Det(w) <= 0 : Det(w) >= 0) continue;
            produced++;
            yield return w;
        }
    }

    /// <summary>Every GD state W of a balanced run of RC20's problem (L, product std, seed), η = 10⁻², <paramref name="steps"/> steps.</summary>
    public static IEnumerable<double[]> TrajectoryPoints(int depth, double alpha, int seed, long steps)
    {
        var list = new List<double[]>();
        Rc20Problem.Run(Rc20Problem.Balanced(depth, alpha, seed), 1e-2, steps, 1, s => { list.Add(s.W); return true; });
        return list;
    }

    /// <summary>Points with det W &lt; 0 near the det = −1 solutions (w₁₁ ≈ 0): the hypothesis det W &gt; 0 is violated.</summary>
    public static IEnumerable<double[]> NegativeDetPoints(int count, int seed)
    {
        var g = new Gaussian(seed);
        for (int i = 0; i < count; i++)
        {
            var r = new double[4];
            g.Fill(r, 0.05);
            yield return [r[0], 1 + r[1], 1 + r[2], r[3]];
        }
    }
}
