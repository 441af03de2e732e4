namespace ImplicitReg.Numerics.Checks.NotExplainableByNorms;

/// <summary>
/// NN-4 numerically: σ₂(W) ≤ ρ + (1+ρ)²/|w₁₁| ≤ ρ(1 + (1+ρ)²/(1−ρ)²) (both compiled from the claim, σ₂ by SVD)
/// compared exactly at every GD state of balanced runs (L = 3, 4) with det W &gt; 0 and ρ &lt; 1, and on random
/// feasible W; 0 violations required. Control: near the det = −1 solutions (det W &lt; 0) σ₂ ≈ 1 while ρ is small,
/// so the chain (rank → 1) fails — at its second, det-dependent link.
/// </summary>
public sealed class NN4_RankToOneCheck : IClaimCheck
{
    public string ClaimId => "NN-4";

    public NumericEvidence Numeric(CheckOptions options)
    {
        long steps = options.Thorough ? 50_000 : 5_000;
        int samples = options.Thorough ? 200_000 : 20_000;
        var rows = new List<EvidenceRow>();
        foreach (var depth in new[] { 3, 4 })
            rows.Add(Rc20Bounds.Tally(Rc20Bounds.TrajectoryPoints(depth, 1.0, options.Seed + depth, steps), Rc20Bounds.Nn4)
                .Row($"σ₂ ≤ ρ + (1+ρ)²/|w11| at every GD state, balanced L = {depth}, η = 0.01, {steps} steps"));
        rows.Add(Rc20Bounds.Tally(Rc20Bounds.RandomPoints(samples, options.Seed + 1), Rc20Bounds.Nn4).Row($"σ₂ ≤ ρ + (1+ρ)²/|w11| on {samples} random feasible W"));
        var controls = new List<EvidenceRow>
        {
            Rc20Bounds.Tally(Rc20Bounds.NegativeDetPoints(1000, options.Seed + 2), Rc20Bounds.Nn4, requirePositiveDet: false)
                .Row("control (assumption violated): det W < 0 near the solutions [[0, 1], [1, 0]]"),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases * 10, options.Seed, Rc20Bounds.Sample,
            w => !Rc20Bounds.Applies(w) || Rc20Bounds.Nn4(w).Holds, w => $"W = [{string.Join(", ", w)}]");
}
