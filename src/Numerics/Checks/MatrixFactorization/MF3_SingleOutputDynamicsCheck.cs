using ImplicitReg.Theory.Symbolic;
using Claim = ImplicitReg.Theory.Claims.MatrixFactorization.MF3_SingleOutputDynamics;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// MF-3 numerically: for a 1×d end matrix wᵀ at balanced points, the exact end velocity
/// ẇ = Σ_j W_{N:j+1}(−∂φ/∂W_j)W_{j−1:1} against the law a·∇ℓ + b·Pr_w∇ℓ with the claim's coefficients
/// a = −‖w‖^{2−2/N}, b = −(N−1)‖w‖^{2−2/N} compiled; control: unbalanced points break it.
/// </summary>
public sealed class MF3_SingleOutputDynamicsCheck : IClaimCheck
{
    public string ClaimId => "MF-3";

    private static readonly Func<double[], double> A = Evaluation.Compile(Claim.GradientCoefficient, [Claim.N, Claim.S]);
    private static readonly Func<double[], double> B = Evaluation.Compile(Claim.ProjectionCoefficient, [Claim.N, Claim.S]);

    /// <summary>A single-output instance: widths [d, h, …, h, 1].</summary>
    public static MfInstance Instance(int depth, int d, int hidden, int seed, bool balanced)
    {
        var widths = new int[depth + 1];
        widths[0] = d;
        for (int j = 1; j < depth; j++) widths[j] = hidden;
        widths[depth] = 1;
        return MfInstance.Random(widths, seed, balanced);
    }

    public static MfInstance Instance(Random.Gaussian g, bool balanced) =>
        Instance(1 + g.NextInt(4), 2 + g.NextInt(4), 1 + g.NextInt(3), g.NextInt(1_000_000), balanced);

    /// <summary>max_i |ẇ_i − law_i| / (N‖w‖^{2−2/N}‖∇ℓ‖) at the instance's θ.</summary>
    public static double RelativeError(MfInstance c)
    {
        var (end, endGrad, _) = MfAlgebra.EndAndGradient(c, c.Theta);
        var velocity = MfAlgebra.EndVelocity(c, c.Theta);
        int n = c.Model.Depth, d = c.Cols;
        double norm = Math.Sqrt(end.Sum(x => x * x));
        double gradNorm = Math.Sqrt(endGrad.Sum(x => x * x));
        double along = 0;
        for (int i = 0; i < d; i++) along += endGrad[i] * end[i] / norm;
        double a = A([n, norm]), b = B([n, norm]), worst = 0;
        for (int i = 0; i < d; i++)
        {
            double law = a * endGrad[i] + b * along * end[i] / norm;
            worst = Math.Max(worst, Math.Abs(velocity[i] - law));
        }
        return worst / (n * Math.Pow(norm, 2 - 2.0 / n) * gradNorm + 1e-300);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var sizes = options.Thorough
            ? new[] { (1, 4, 1), (2, 3, 1), (2, 4, 3), (3, 5, 2), (4, 3, 3), (5, 4, 2) }
            : new[] { (1, 4, 1), (2, 3, 1), (3, 5, 2), (4, 3, 3) };
        foreach (var (n, d, h) in sizes)
        {
            var c = Instance(n, d, h, options.Seed + 13 * n + d, balanced: true);
            rows.Add(new EvidenceRow($"instantaneous ẇ vs law, {c}", RelativeError(c), 1e-10));
        }
        var controls = new[] { (2, 3, 2), (3, 4, 3) }.Select(s =>
        {
            var c = Instance(s.Item1, s.Item2, s.Item3, options.Seed + 17, balanced: false);
            return new EvidenceRow($"control (assumption violated): unbalanced init, {c}", RelativeError(c), 1e-10);
        }).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => Instance(g, balanced: true), c => RelativeError(c) < 1e-10);
}
