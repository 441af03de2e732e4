using ImplicitReg.Numerics.Checks.MatrixFactorization;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.NotExplainableByNorms;

/// <summary>
/// NN-3 numerically: RC20's perturbed instances b = (−2, 0.5, ε), ε ∈ {0.5, 0.1, 0.05}; balanced depth-3 init with
/// det W(0) &lt; 0, GD with a small step until ℓ ≤ ε²/200 (ρ ≤ ε/10). Asserts det W &lt; 0 at every step, the final |w₁₁| ≥ c/ε with
/// c = <see cref="C"/>, and that the final |w₁₁| grows as ε shrinks. Controls (det flips: unbalanced Gaussian layers; a
/// large step) end at a det &gt; 0 solution with |w₁₁| far below c/ε.
/// </summary>
public sealed class NN3_PerturbedInstancesCheck : IClaimCheck
{
    public string ClaimId => "NN-3";

    /// <summary>The constant of |w₁₁| ≥ c/ε.</summary>
    public const double C = 0.85;

    /// <summary>Stop at ρ = √(2ℓ) ≤ ε/10, i.e. ℓ ≤ ε²/200: with det W &lt; 0 and w22 &gt; 0 then |w11| &gt; (2−ρ)(0.5−ρ)/(ε+ρ) ≥ 0.89/ε.</summary>
    public static double LossTolerance(double epsilon) => epsilon * epsilon / 200;

    public static MfInstance Create(int depth, double epsilon, double[] theta, string description)
    {
        var model = DeepMatrixFactorization.Square(depth, 2);
        var loss = new CompletionLoss(model.EndShape, [1, 2, 3], [-2, 0.5, epsilon], LossNormalization.HalfSum);
        return new MfInstance(model, new Objective(model, loss), theta, description);
    }

    /// <summary>Balanced split of a random 𝒩(0, α²) product with det &lt; 0 (rows swapped when det &gt; 0).</summary>
    public static MfInstance Balanced(int depth, double epsilon, double alpha, int seed, int sideOfW11 = -1)
    {
        var product = new double[4];
        new Gaussian(seed).Fill(product, alpha);
        if (product[0] * product[3] - product[1] * product[2] > 0) (product[0], product[1], product[2], product[3]) = (product[2], product[3], product[0], product[1]);
        // det(−P) = det P for 2×2: negate to put w11(0) on the requested side.
        if (product[0] * sideOfW11 < 0) for (int i = 0; i < 4; i++) product[i] = -product[i];
        var model = DeepMatrixFactorization.Square(depth, 2);
        var theta = new double[model.Layout.Size];
        MatrixInitialization.Balanced(model, theta, product);
        return Create(depth, epsilon, theta, $"b = (−2, 0.5, {epsilon}), L={depth}, balanced, det < 0, w11(0) {(sideOfW11 < 0 ? "<" : ">")} 0, product std {alpha}, seed {seed}");
    }

    /// <summary>Per-layer 𝒩(0, std²) layers (unbalanced), resampled (seed + k) until det W &lt; 0.</summary>
    public static MfInstance Unbalanced(int depth, double epsilon, double std, int seed)
    {
        var model = DeepMatrixFactorization.Square(depth, 2);
        var theta = new double[model.Layout.Size];
        var end = new double[4];
        for (int k = 0; ; k++)
        {
            GaussianInit.Fill(theta, std, seed + k);
            model.End(theta, end);
            if (end[0] * end[3] - end[1] * end[2] < 0) break;
        }
        return Create(depth, epsilon, theta, $"b = (−2, 0.5, {epsilon}), L={depth}, unbalanced per-layer std {std}, det(0) < 0, seed {seed}");
    }

    /// <summary>(det W &lt; 0 at every step, final |w₁₁|, final w₁₁, final loss, steps) of GD until ℓ &lt; ε²/200 or <paramref name="maxSteps"/>.</summary>
    public static (bool DetKeptNegative, double AbsW11, double W11, double Loss, long Steps) Follow(MfInstance c, double epsilon, double eta, long maxSteps)
    {
        bool kept = true;
        Rc20State? last = null;
        Rc20Problem.Run(c, eta, maxSteps, 1, s =>
        {
            last = s;
            if (!(s.Det < 0)) kept = false;
            return double.IsFinite(s.Loss) && s.Loss >= LossTolerance(epsilon);
        });
        return (kept, Math.Abs(last!.W[0]), last.W[0], last.Loss, last.Step);
    }

    /// <summary>Final |w₁₁| · ε / c: ≥ 1 when the claim's bound holds at a converged run.</summary>
    public static double Ratio(double absW11, double epsilon) => absW11 * epsilon / C;

    public static readonly double[] Epsilons = [0.5, 0.1, 0.05];
    public const double Eta = 1e-2;
    public const long MaxSteps = 200_000;

    private static (EvidenceRow Row, double AbsW11) Row(string text, MfInstance c, double epsilon, double eta)
    {
        var (kept, abs, w11, loss, steps) = Follow(c, epsilon, eta, MaxSteps);
        bool converged = loss < LossTolerance(epsilon);
        double ratio = Ratio(abs, epsilon);
        // Error 0 when det < 0 was kept, the run converged and |w11| ≥ c/ε; else 1 + shortfall.
        double error = kept && converged && ratio >= 1 ? 0 : 1 + Math.Max(0, 1 - ratio);
        return (new EvidenceRow($"{text}: {c}, η = {eta}", error, 0.5,
            $"w11 = {w11:0.###}, |w11|·ε = {abs * epsilon:0.###} (c = {C}), det<0 kept: {kept}, loss {loss:0.##e+0} after {steps} steps"), abs);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var finals = new List<double>();
        foreach (var eps in Epsilons)
        {
            var c = Balanced(3, eps, 0.1, options.Seed);
            var (row, abs) = Row("det < 0 kept and |w11| ≥ c/ε at ℓ ≤ ε²/200", c, eps, Eta);
            rows.Add(row);
            finals.Add(abs);
        }
        bool grows = finals.Zip(finals.Skip(1)).All(p => p.Second > p.First);
        rows.Add(new EvidenceRow($"final |w11| grows as ε shrinks (ε = {string.Join(", ", Epsilons)})", grows ? 0 : 1, 0.5,
            $"|w11| = {string.Join(", ", finals.Select(x => x.ToString("0.###")))}"));
        rows.Add(OtherSide(Balanced(3, 0.1, 0.1, options.Seed, sideOfW11: +1), 0.1, Eta, 20_000));
        var controls = new List<EvidenceRow>
        {
            Row("control (unbalanced Gaussian layers, det flips)", Unbalanced(3, 0.05, 0.3, options.Seed), 0.05, Eta).Row,
            Row("control (large step, det flips)", Balanced(3, 0.05, 0.1, options.Seed), 0.05, LargeStep).Row,
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public const double LargeStep = 0.2;

    /// <summary>
    /// From w11(0) &gt; 0 with det &lt; 0 the run takes the other branch (w11 → +∞, w22 → 0⁻): there det W &lt; 0, w11 &gt; 0 and
    /// w12w21 &lt; 0 force w22 &lt; w12w21/w11 &lt; 0, so ℓ &gt; ε²/2 — no solution is reachable without a det flip. Row error: the
    /// number of steps with det &lt; 0, w11 &gt; 0, w12w21 &lt; 0 and ℓ ≤ ε²/2 (must be 0).
    /// </summary>
    public static EvidenceRow OtherSide(MfInstance c, double epsilon, double eta, long steps)
    {
        int bad = 0, applicable = 0;
        double minLoss = double.PositiveInfinity, lastW11 = 0;
        Rc20Problem.Run(c, eta, steps, 1, s =>
        {
            if (s.Det < 0 && s.W[0] > 0 && s.W[1] * s.W[2] < 0)
            {
                applicable++;
                minLoss = Math.Min(minLoss, s.Loss);
                if (s.Loss <= epsilon * epsilon / 2) bad++;
            }
            lastW11 = s.W[0];
            return true;
        });
        return new EvidenceRow($"w11(0) > 0 branch: det < 0 and w11 > 0 force ℓ > ε²/2 (no solution on that side): {c}, η = {eta}, {steps} steps", bad, 0,
            $"{applicable} states on that branch, min ℓ / (ε²/2) = {minLoss / (epsilon * epsilon / 2):0.####}, final w11 = {lastW11:0.###}");
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(Math.Max(4, options.PropertyCases / 25), options.Seed,
            g => (Eps: 0.1 + 0.4 * g.NextInt(1000) / 1000.0, Seed: g.NextInt(1_000_000)),
            x =>
            {
                var r = Follow(Balanced(3, x.Eps, 0.1, x.Seed), x.Eps, Eta, MaxSteps);
                return r.DetKeptNegative && r.Loss < LossTolerance(x.Eps) && Ratio(r.AbsW11, x.Eps) >= 1;
            }, x => $"ε = {x.Eps}, seed {x.Seed}");
}
