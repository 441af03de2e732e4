using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Theory.Symbolic;
using Sym = ImplicitReg.Theory.Claims.DeepTensorFactorization.DeepCpSymbols;
using Dt1b = ImplicitReg.Theory.Claims.DeepTensorFactorization.DT1b_PerFactorAndPerLayerRates;

namespace ImplicitReg.Numerics.Checks.DeepTensorFactorization;

/// <summary>
/// DT-1 numerically: at aligned balanced deep-CP points with equal factor norms, the chain-rule Ṗ_r against the compiled
/// N·L·P^{2−2/(NL)}·γ (1e-9 of the scale); with unequal norms against L P² γ Σ_n s_n^{−2/L}; the one-step GD rate
/// (P(θ₁) − P(θ₀))/η − law(θ₀) = O(η), order ≈ 1; control: Gaussian points with L ≥ 2 break the law.
/// </summary>
public sealed class DT1_DeepCpAlignedRateCheck : IClaimCheck
{
    public string ClaimId => "DT-1";

    private static readonly Func<double[], double> Compiled = Evaluation.Compile(Sym.ComponentRate, [Sym.N, Sym.L, Sym.P, Sym.Gamma]);

    /// <summary>N·L·P^{2−2/(NL)}·γ (compiled from the claim).</summary>
    public static double Law(int order, int depth, double p, double gamma) => Compiled([order, depth, p, gamma]);

    /// <summary>max_r |Ṗ_r − law| / scale_r: the closed form when <paramref name="closedForm"/>, else the unequal-norm form.</summary>
    public static double RelativeError(DeepCpInstance c, bool closedForm = true) =>
        c.Components(c.Theta).Max(x => Math.Abs(x.Rate - (closedForm ? Law(c.Model.Order, c.Model.Depth, x.P, x.Gamma) : ComponentNormRate.DeepAligned(c.Model.Depth, x.S, x.Gamma))) / x.Scale);

    /// <summary>max_r |(P_r(θ − η∇φ) − P_r(θ))/η − law_r(θ)| / max_r |law_r|: one GD step from the aligned point.</summary>
    public static double OneStepError(DeepCpInstance c, double eta)
    {
        var before = c.Components(c.Theta).ToList();
        var grad = new double[c.Theta.Length];
        c.Objective.ValueAndGradient(c.Theta, grad);
        var next = c.Theta.Zip(grad, (x, g) => x - eta * g).ToArray();
        var after = c.Components(next).ToList();
        double worst = 0, scale = 1e-300;
        for (int r = 0; r < before.Count; r++)
        {
            double law = Law(c.Model.Order, c.Model.Depth, before[r].P, before[r].Gamma);
            worst = Math.Max(worst, Math.Abs((after[r].P - before[r].P) / eta - law));
            scale = Math.Max(scale, Math.Abs(law));
        }
        return worst / scale;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, r, l) in new[] { (3, 3, 2), (2, 2, 3), (3, 2, 1), (4, 2, 2) })
        {
            var c = DeepCpInstance.Random(n, r, l, 1, options.Seed + n + l, aligned: true, equalNorms: true);
            rows.Add(new EvidenceRow($"Ṗ vs N·L·P^(2−2/(NL))·γ, {c}", RelativeError(c), 1e-9));
        }
        var u = DeepCpInstance.Random(3, 3, 2, 2, options.Seed + 5, aligned: true, equalNorms: false);
        rows.Add(new EvidenceRow($"Ṗ vs L·P²·γ·Σ_n s_n^(−2/L) (unequal norms), {u}", RelativeError(u, closedForm: false), 1e-9));
        var run = DeepCpInstance.Random(3, 2, 2, 1, options.Seed + 9, aligned: true, equalNorms: true);
        double eta = 1e-3;
        var errors = new[] { eta, eta / 2, eta / 4 }.Select(e => OneStepError(run, e)).ToArray();
        for (int i = 0; i < 3; i++) rows.Add(new EvidenceRow($"one GD step rate vs law, η = {eta / (1 << i)}, {run}", errors[i], 0.05));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = new[] { (3, 3, 2), (2, 2, 3) }.Select(s =>
        {
            var c = DeepCpInstance.Random(s.Item1, s.Item2, s.Item3, 1, options.Seed + 13, aligned: false, equalNorms: false);
            return new EvidenceRow($"control (assumption violated): Gaussian (unaligned, unbalanced) point, {c}", RelativeError(c, closedForm: false), 1e-9);
        }).ToList();
        return new NumericEvidence(rows, order, (0.8, 1.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => DeepCpInstance.Random(g, aligned: true, equalNorms: true), c => RelativeError(c) <= 1e-9);
}
