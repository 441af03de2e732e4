using ImplicitReg.Numerics.Checks.MatrixFactorization;

namespace ImplicitReg.Numerics.Checks.NotExplainableByNorms;

/// <summary>
/// NN-1 numerically: GD with a small step from balanced init with det W(0) &gt; 0 on RC20's 2×2 problem keeps
/// det W &gt; 0 at every step for L = 3, 4. For L = 2 the GF factor in MF-9 does not vanish on the loss plateau, so
/// det W decays exponentially and GD crosses 0 once det W is O(η²) (theory.md NN-1 caveats): the check asserts this
/// is a discretization effect — the GF time of the first crossing grows as η shrinks. Controls (assumptions
/// violated) that must flip the sign: the 1×1 unbalanced counterexample w₁ = α, w₂ = 2α with target −1;
/// unbalanced Gaussian 2×2 init (L = 2); a large step (L = 3).
/// </summary>
public sealed class NN1_DeterminantSignCheck : IClaimCheck
{
    public string ClaimId => "NN-1";

    /// <summary>(sign kept at every step and every W finite, min det, final loss, step of the first flip or −1).</summary>
    public static (bool Kept, double MinDet, double FinalLoss, long FlipStep) Follow(MfInstance c, double eta, long steps)
    {
        bool kept = true;
        double minDet = double.PositiveInfinity, finalLoss = double.NaN;
        long flip = -1;
        double sign = 0;
        Rc20Problem.Run(c, eta, steps, 1, s =>
        {
            if (!double.IsFinite(s.Det)) { kept = false; flip = s.Step; return false; }
            if (sign == 0) sign = Math.Sign(s.Det);
            minDet = Math.Min(minDet, sign * s.Det);
            finalLoss = s.Loss;
            if (Math.Sign(s.Det) != sign) { kept = false; flip = s.Step; return false; }
            return true;
        });
        return (kept, minDet, finalLoss, flip);
    }

    private static EvidenceRow Row(string text, MfInstance c, double eta, long steps)
    {
        var (kept, minDet, loss, flip) = Follow(c, eta, steps);
        return new EvidenceRow($"{text}: {c}, η = {eta}, {steps} steps", kept ? 0 : 1, 0.5,
            kept ? $"min sign·det {minDet:0.###e+0}, final loss {loss:0.###e+0}" : $"sign flipped at step {flip}");
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        long steps = options.Thorough ? 100_000 : 5_000;
        var rows = new List<EvidenceRow>();
        foreach (var depth in new[] { 3, 4 })
            foreach (var alpha in new[] { 0.1, 1.0 })
                rows.Add(Row("det > 0 throughout, balanced init, small step", Rc20Problem.Balanced(depth, alpha, options.Seed + depth), 1e-2, steps));
        var etas = new[] { 1e-2, 5e-3, 2.5e-3, 1e-3 };
        var l2 = Rc20Problem.Balanced(2, 0.1, options.Seed + 2);
        var flips = etas.Select(eta => FirstFlipTime(l2, eta, 100)).ToArray();
        bool increasing = flips.Zip(flips.Skip(1)).All(p => p.Second > p.First);
        rows.Add(new EvidenceRow($"L = 2 (det → 0 exponentially under GF): GD's first crossing moves later as η shrinks, {l2}, η = {string.Join(", ", etas)}",
            increasing ? 0 : 1, 0.5, $"crossing at τ = {string.Join(", ", flips.Select(t => t.ToString("0.###")))}"));
        var controls = new List<EvidenceRow>
        {
            Row("control (unbalanced): scalar counterexample", Rc20Problem.ScalarCounterexample(1e-2), 1e-2, 5_000),
            Row("control (unbalanced): Gaussian layers", Rc20Problem.Unbalanced(2, 1e-2, options.Seed), 1e-2, 5_000),
            Row("control (large step)", Rc20Problem.Balanced(3, 0.1, options.Seed + 3), LargeStep, 5_000),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    /// <summary>GF time η·k of GD's first sign change of det W, or +∞ if none up to τ = <paramref name="horizon"/>.</summary>
    public static double FirstFlipTime(MfInstance c, double eta, double horizon)
    {
        var (kept, _, _, flip) = Follow(c, eta, (long)Math.Round(horizon / eta));
        return kept ? double.PositiveInfinity : flip * eta;
    }

    /// <summary>A step size at which balanced GD on the 2×2 problem overshoots through det = 0.</summary>
    public const double LargeStep = 0.5;

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(Math.Max(10, options.PropertyCases / 5), options.Seed,
            g => Rc20Problem.Balanced(3 + g.NextInt(2), 0.05 + 2 * g.NextInt(1000) / 1000.0, g.NextInt(1_000_000)),
            c => Follow(c, 1e-2, 2_000).Kept);
}
