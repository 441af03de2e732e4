using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>TF-NN numerically: Σ_r Π_n ⟨w_r^n, x^n⟩ against ⟨𝒲_e, ⊗x^n⟩ for random Gaussian inputs (relative 1e-12), and one-hot inputs return entries.</summary>
public sealed class TFNN_NetworkViewCheck : IClaimCheck
{
    public string ClaimId => "TF-NN";

    public static double RelativeDeviation(CpInstance c, int seed)
    {
        var m = c.Model;
        var g = new Gaussian(seed);
        var x = m.Dims.Select(d => { var v = new double[d]; g.Fill(v, 1); return v; }).ToArray();
        double network = 0;
        for (int r = 0; r < m.Rank; r++)
        {
            double prod = 1;
            for (int n = 0; n < m.Order; n++)
            {
                var w = m.Vector(c.Theta, r, n);
                double dot = 0;
                for (int i = 0; i < w.Length; i++) dot += w[i] * x[n][i];
                prod *= dot;
            }
            network += prod;
        }
        var end = new double[m.EndShape.Size];
        m.End(c.Theta, end);
        double inner = 0, scale = 0;
        var idx = new int[m.Order];
        for (int k = 0; k < end.Length; k++)
        {
            int rem = k;
            for (int n = m.Order - 1; n >= 0; n--) { idx[n] = rem % m.Dims[n]; rem /= m.Dims[n]; }
            double t = end[k];
            for (int n = 0; n < m.Order; n++) t *= x[n][idx[n]];
            inner += t;
            scale += Math.Abs(t);
        }
        return Math.Abs(network - inner) / Math.Max(scale, 1e-300);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (2, 4, 3), (3, 3, 4), (4, 3, 2), (5, 2, 3) })
        {
            var c = CpInstance.Random(n, d, r, options.Seed + n, balanced: false);
            rows.Add(new EvidenceRow($"network output vs ⟨𝒲_e, ⊗x⟩, random x, {c}", RelativeDeviation(c, options.Seed + 1), 1e-12));
        }
        return new NumericEvidence(rows);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: CpInstance.Random(g, balanced: false), Seed: g.NextInt(1_000_000)),
            x => RelativeDeviation(x.Instance, x.Seed) <= 1e-12, x => $"{x.Instance}, x seed {x.Seed}");
}
