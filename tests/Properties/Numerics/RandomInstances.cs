using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Random losses and parameter vectors for gradient and dynamics properties (seeded).</summary>
public static class RandomInstances
{
    /// <summary>Completion (mean or ½·sum) on a random subset, or sensing with Gaussian measurements.</summary>
    public static ILoss Loss(TensorShape shape, int seed)
    {
        var g = new Gaussian(seed);
        var kind = g.NextInt(3);
        var normalization = g.NextInt(2) == 0 ? LossNormalization.Mean : LossNormalization.HalfSum;
        if (kind < 2)
        {
            int m = 1 + g.NextInt(shape.Size);
            var idx = g.Permutation(shape.Size)[..m];
            var y = new double[m];
            g.Fill(y, 1);
            return new CompletionLoss(shape, idx, y, normalization);
        }
        int measurements = 1 + g.NextInt(4);
        var a = new double[measurements * shape.Size];
        var t = new double[measurements];
        g.Fill(a, 1);
        g.Fill(t, 1);
        return new SensingLoss(shape, a, t, normalization);
    }

    public static double[] Theta(IFactorization model, int seed, double std = 0.7)
    {
        var theta = new double[model.Layout.Size];
        new Gaussian(seed).Fill(theta, std);
        return theta;
    }
}
