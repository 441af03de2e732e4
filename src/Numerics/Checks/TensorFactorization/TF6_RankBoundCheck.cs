using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>
/// TF-6 numerically: zero a random subset of components; every matricization ⟦𝒲_e⟧_I (I = every non-empty proper subset of
/// modes containing mode 0) has numerical rank (1e-9) at most the number of non-zero components.
/// </summary>
public sealed class TF6_RankBoundCheck : IClaimCheck
{
    public string ClaimId => "TF-6";

    /// <summary>max over matricizations of max(0, rank − #non-zero components) with components zeroed by a seeded coin.</summary>
    public static int Excess(CpInstance c, int seed)
    {
        var m = c.Model;
        var theta = (double[])c.Theta.Clone();
        var coin = new Gaussian(seed);
        for (int r = 0; r < m.Rank; r++)
            if (coin.NextInt(2) == 0) m.Vector(theta.AsSpan(), r, coin.NextInt(m.Order)).Clear();
        int count = Enumerable.Range(0, m.Rank).Count(r => ComponentNorm.Of(m, theta, r) > 0);
        var end = new double[m.EndShape.Size];
        m.End(theta, end);
        int worst = 0;
        for (int mask = 1; mask < 1 << m.Order; mask += 2)
        {
            if (mask == (1 << m.Order) - 1) continue;
            var rows = Enumerable.Range(0, m.Order).Where(n => (mask >> n & 1) == 1).ToArray();
            int rank = Matricization.NumericalRank(Matricization.SingularValues(m.EndShape, end, rows), 1e-9);
            worst = Math.Max(worst, rank - count);
        }
        return Math.Max(0, worst);
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (var (n, d, r) in new[] { (3, 4, 5), (4, 3, 4), (3, 5, 6) })
            for (int s = 0; s < 2; s++)
            {
                var c = CpInstance.Random(n, d, r, options.Seed + n + s, balanced: false);
                rows.Add(new EvidenceRow($"every matricization rank ≤ #non-zero components, {c}", Excess(c, options.Seed + s), 0));
            }
        return new NumericEvidence(rows);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => (Instance: CpInstance.Random(g, balanced: false), Seed: g.NextInt(1_000_000)),
            x => Excess(x.Instance, x.Seed) == 0, x => $"{x.Instance}, coin {x.Seed}");
}
