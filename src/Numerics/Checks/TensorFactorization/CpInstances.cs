using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>A seeded random CP completion problem (theory.md §5.1) for the claims' checks.</summary>
public sealed record CpInstance(CpFactorization Model, Objective Objective, double[] Theta, string Description)
{
    public override string ToString() => Description;

    /// <param name="balanced">Rescale every component to equal factor norms (ε = 0, §8.1 B).</param>
    public static CpInstance Random(int order, int dim, int rank, int seed, bool balanced, double std = 0.6)
    {
        var model = new CpFactorization(Enumerable.Repeat(dim, order).ToArray(), rank);
        var g = new Gaussian(seed);
        int m = Math.Max(1, model.EndShape.Size / 2);
        var split = Observations.Sample(model.EndShape, m, seed + 1);
        var y = new double[m];
        g.Fill(y, 1);
        var objective = new Objective(model, new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.Mean));
        var theta = GaussianInit.Sample(model, std, seed + 2);
        if (balanced) BalancedCp.Rescale(model, theta);
        return new CpInstance(model, objective, theta, $"N={order}, D={dim}, R={rank}, seed {seed}{(balanced ? ", balanced" : ", unbalanced")}");
    }

    public static CpInstance Random(Gaussian g, bool balanced) =>
        Random(2 + g.NextInt(3), 2 + g.NextInt(3), 1 + g.NextInt(4), g.NextInt(1_000_000), balanced);
}
