namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-4 numerically (α-sweep): small CP completion (<see cref="CpAlphaSweep"/>) with a rank-two target 1·𝒯₁ + 0.4·𝒯₂ (unit
/// rank-one 𝒯_k). Along GD from init scale α the early trajectory — from escape (‖𝒲_e‖_F ≥ 5% of ‖𝒲*‖_F, an α-free
/// threshold; before it 𝒲_e is O(α³) noise) until the loss has dropped by half — is compared with the rank-one tensors:
/// max over that window of σ₂/σ₁ (worst mode unfolding) must shrink as α decreases (α ∈ {1e-1, 1e-2, 1e-3}) and be below
/// <see cref="RatioTolerance"/> at α = 1e-3; the same over the longer window [t_α, t_α + 300] (t_α: escape; the
/// "arbitrary horizon" of the claim). Control: large init (α = 0.5) is far from rank one in the same window.
/// </summary>
public sealed class TF4_RankOneTrajectoryCheck : IClaimCheck
{
    public string ClaimId => "TF-4";

    public static readonly double[] Weights = [1, 0.4];
    public static readonly double[] Alphas = [1e-1, 1e-2, 1e-3];
    public const double Eta = 0.05;
    public const long MaxSteps = 40_000;
    public const double EscapeFraction = 0.05;
    public const double RatioTolerance = 1e-2;
    public const double LargeAlpha = 0.5;
    public const double Horizon = 300;

    /// <summary>(max σ₂/σ₁ over the window, window start and end GF times, whether the loss halved) for one run.</summary>
    /// <param name="horizon">null: the window ends when the loss has halved; else it ends at escape + horizon (GF time).</param>
    public static (double MaxRatio, double Start, double End, bool Halved) EarlyWindow(int seed, double alpha, double? horizon = null)
    {
        var (c, target) = CpAlphaSweep.CreateWeighted(Weights, alpha, seed);
        double targetNorm = Math.Sqrt(target.Sum(x => x * x));
        double loss0 = double.NaN, worst = 0, start = double.NaN, end = double.NaN;
        bool halved = false;
        CpAlphaSweep.Run(c, Eta, MaxSteps, 10, s =>
        {
            if (double.IsNaN(loss0)) loss0 = s.Loss;
            double norm = Math.Sqrt(s.End.Sum(x => x * x));
            if (norm >= EscapeFraction * targetNorm)
            {
                if (double.IsNaN(start)) start = s.Time;
                worst = Math.Max(worst, CpAlphaSweep.SecondToFirst(c.Model, s.End));
            }
            if (s.Loss <= loss0 / 2) halved = true;
            bool done = horizon is { } h ? !double.IsNaN(start) && s.Time >= start + h : halved;
            if (done) { end = s.Time; return false; }
            return true;
        });
        return (worst, start, end, halved);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var results = Alphas.Select(a => (Alpha: a, R: EarlyWindow(options.Seed, a))).ToList();
        foreach (var (a, r) in results)
            rows.Add(new EvidenceRow($"loss halves within {MaxSteps} steps: α = {a}, η = {Eta}", r.Halved ? 0 : 1, 0.5,
                $"window τ ∈ [{r.Start:0.##}, {r.End:0.##}], max σ₂/σ₁ = {r.MaxRatio:0.###e+0}"));
        bool shrinks = results.Zip(results.Skip(1)).All(p => p.Second.R.MaxRatio < p.First.R.MaxRatio);
        rows.Add(new EvidenceRow($"max σ₂/σ₁ over the early window shrinks as α decreases (α = {string.Join(", ", Alphas)})", shrinks ? 0 : 1, 0.5,
            string.Join(", ", results.Select(x => $"{x.R.MaxRatio:0.###e+0}"))));
        rows.Add(new EvidenceRow($"max σ₂/σ₁ over the early window at α = {Alphas[^1]} (approximately rank-one trajectory)", results[^1].R.MaxRatio, RatioTolerance));
        var longer = Alphas.Select(a => EarlyWindow(options.Seed, a, Horizon)).ToList();
        bool longerShrinks = longer.Zip(longer.Skip(1)).All(p => p.Second.MaxRatio < p.First.MaxRatio);
        rows.Add(new EvidenceRow($"longer horizon: max σ₂/σ₁ over [t_α, t_α + {Horizon}] (t_α: escape) shrinks as α decreases", longerShrinks ? 0 : 1, 0.5,
            string.Join(", ", longer.Select(x => $"{x.MaxRatio:0.###e+0}"))));
        rows.Add(new EvidenceRow($"max σ₂/σ₁ over [t_α, t_α + {Horizon}] at α = {Alphas[^1]}", longer[^1].MaxRatio, RatioTolerance));
        var big = EarlyWindow(options.Seed, LargeAlpha);
        var controls = new List<EvidenceRow>
        {
            new($"control (large init α = {LargeAlpha}): max σ₂/σ₁ over the early window", big.MaxRatio, RatioTolerance,
                $"window τ ∈ [{big.Start:0.##}, {big.End:0.##}], max σ₂/σ₁ = {big.MaxRatio:0.###}"),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.Thorough ? 10 : 3, options.Seed, g => g.NextInt(1_000_000), seed =>
        {
            var small = EarlyWindow(seed, 1e-3);
            var mid = EarlyWindow(seed, 1e-1);
            return small.Halved && small.MaxRatio < RatioTolerance && small.MaxRatio < mid.MaxRatio;
        }, seed => $"seed {seed}");
}
