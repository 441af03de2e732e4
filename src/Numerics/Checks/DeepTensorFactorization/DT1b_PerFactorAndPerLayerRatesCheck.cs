using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Theory.Symbolic;
using Sym = ImplicitReg.Theory.Claims.DeepTensorFactorization.DeepCpSymbols;
using Dt1b = ImplicitReg.Theory.Claims.DeepTensorFactorization.DT1b_PerFactorAndPerLayerRates;

namespace ImplicitReg.Numerics.Checks.DeepTensorFactorization;

/// <summary>
/// DT-1b numerically: at aligned balanced equal-norm points, the per-factor rate ṡ = Ṗ/(N s^{N−1}) and per-layer rate
/// q̇ = Ṗ/(NL q^{NL−1}) (from the chain-rule Ṗ) against the compiled Lγ s^{N+1−2/L} and γ q^{NL−1}.
/// </summary>
public sealed class DT1b_PerFactorAndPerLayerRatesCheck : IClaimCheck
{
    public string ClaimId => "DT-1b";

    private static readonly Func<double[], double> Factor = Evaluation.Compile(Dt1b.FactorRate, [Sym.N, Sym.L, Sym.S, Sym.Gamma]);
    private static readonly Func<double[], double> Layer = Evaluation.Compile(Dt1b.LayerRate, [Sym.N, Sym.L, Sym.Q, Sym.Gamma]);

    public static double RelativeError(DeepCpInstance c)
    {
        int n = c.Model.Order, l = c.Model.Depth;
        double worst = 0;
        foreach (var x in c.Components(c.Theta))
        {
            double s = Math.Pow(x.P, 1.0 / n), q = Math.Pow(x.P, 1.0 / (n * l));
            double sDot = x.Rate / (n * Math.Pow(s, n - 1)), qDot = x.Rate / (n * l * Math.Pow(q, n * l - 1));
            double sLaw = Factor([n, l, s, x.Gamma]), qLaw = Layer([n, l, q, x.Gamma]);
            double sScale = x.Scale / (n * Math.Pow(s, n - 1)), qScale = x.Scale / (n * l * Math.Pow(q, n * l - 1));
            worst = Math.Max(worst, Math.Max(Math.Abs(sDot - sLaw) / sScale, Math.Abs(qDot - qLaw) / qScale));
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, r, l) in new[] { (3, 3, 2), (2, 2, 3), (3, 2, 1), (4, 2, 2) })
        {
            var c = DeepCpInstance.Random(n, r, l, 0, options.Seed + 2 * n + l, aligned: true, equalNorms: true);
            rows.Add(new EvidenceRow($"ṡ vs Lγs^(N+1−2/L) and q̇ vs γq^(NL−1), {c}", RelativeError(c), 1e-9));
        }
        var controls = new List<EvidenceRow>
        {
            new("control (assumption violated): Gaussian point, L = 2", RelativeError(DeepCpInstance.Random(3, 2, 2, 0, options.Seed + 17, aligned: false, equalNorms: false)), 1e-9),
        };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => DeepCpInstance.Random(g, aligned: true, equalNorms: true), c => RelativeError(c) <= 1e-9);
}
