using ImplicitReg.Numerics.Training;
namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-5 numerically (α-sweep): a CP-rank-1 target on a small completion problem (<see cref="CpAlphaSweep"/>), GD from init
/// scale α ∈ {1e-1, 1e-2, 1e-3} run to ℓ &lt; 1e-6. At convergence the second-largest component norm over the largest must
/// shrink as α decreases and be below <see cref="RatioTolerance"/> at α = 1e-3; the end tensor must be close to the rank-one
/// target (relative error over all 64 entries, unobserved included). Control: large init (α = 0.5) converges to a
/// non-rank-one interpolant (ratio and error O(1)).
/// </summary>
public sealed class TF5_RankOneConvergenceCheck : IClaimCheck
{
    public string ClaimId => "TF-5";

    public static readonly double[] Alphas = [1e-1, 1e-2, 1e-3];
    public const double Eta = 0.05;
    public const long MaxSteps = 40_000;
    public const double LossTolerance = 1e-6;
    public const double RatioTolerance = 1e-3;
    public const double LargeAlpha = 0.5;

    /// <summary>(σ₍₂₎/σ₍₁₎ of the component norms, relative error to the target, final loss, steps) at the end of the run.</summary>
    public static (double Ratio, double Error, double Loss, long Steps) Final(int seed, double alpha, ITrajectorySource? runs = null)
    {
        var (c, target) = CpAlphaSweep.Create(1, alpha, seed);
        var s = CpAlphaSweep.RunUntilLoss(c, Eta, MaxSteps, 100, LossTolerance, runs);
        return (s.SortedNorms[1] / s.SortedNorms[0], CpAlphaSweep.RelativeError(s.End, target), s.Loss, s.Step);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var results = Alphas.Select(a => (Alpha: a, R: Final(options.Seed, a, options.Runs))).ToList();
        foreach (var (a, r) in results)
            rows.Add(new EvidenceRow($"converged (ℓ < {LossTolerance:0e+0}): α = {a}, {MaxSteps} steps max, η = {Eta}", r.Loss < LossTolerance ? 0 : 1, 0.5,
                $"σ(2)/σ(1) = {r.Ratio:0.###e+0}, ‖𝒲−𝒲*‖/‖𝒲*‖ = {r.Error:0.###e+0}, ℓ = {r.Loss:0.##e+0} after {r.Steps} steps"));
        bool shrinks = results.Zip(results.Skip(1)).All(p => p.Second.R.Ratio < p.First.R.Ratio);
        rows.Add(new EvidenceRow($"σ(2)/σ(1) at convergence shrinks as α decreases (α = {string.Join(", ", Alphas)})", shrinks ? 0 : 1, 0.5,
            string.Join(", ", results.Select(x => $"{x.R.Ratio:0.###e+0}"))));
        rows.Add(new EvidenceRow($"σ(2)/σ(1) at α = {Alphas[^1]} (converges to a rank-one solution)", results[^1].R.Ratio, RatioTolerance));
        rows.Add(new EvidenceRow($"‖𝒲−𝒲*‖/‖𝒲*‖ (all entries) at α = {Alphas[^1]}: the rank-one solution is the target", results[^1].R.Error, 1e-2));
        var big = Final(options.Seed, LargeAlpha, options.Runs);
        var controls = new List<EvidenceRow>
        {
            new($"control (large init α = {LargeAlpha}): σ(2)/σ(1) at convergence", big.Ratio, RatioTolerance,
                $"σ(2)/σ(1) = {big.Ratio:0.###}, ‖𝒲−𝒲*‖/‖𝒲*‖ = {big.Error:0.###}, ℓ = {big.Loss:0.##e+0}"),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.Thorough ? 10 : 3, options.Seed, g => g.NextInt(1_000_000), seed =>
        {
            var small = Final(seed, 1e-3);
            var mid = Final(seed, 1e-1);
            return small.Loss < LossTolerance && small.Ratio < RatioTolerance && small.Ratio < mid.Ratio;
        }, seed => $"seed {seed}");
}
