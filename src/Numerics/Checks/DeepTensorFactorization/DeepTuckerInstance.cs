using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Dt21 = ImplicitReg.Theory.Claims.DeepTensorFactorization.DT21_SliceNormDynamics;

namespace ImplicitReg.Numerics.Checks.DeepTensorFactorization;

/// <summary>A seeded deep Tucker completion problem (theory.md DT-2) at a Gaussian point (std 0.7).</summary>
public sealed record DeepTuckerInstance(DeepTuckerFactorization Model, Objective Objective, double[] Theta, string Description)
{
    public override string ToString() => Description;

    public static DeepTuckerInstance Random(int[] dims, int[] ranks, int depth, int seed)
    {
        var model = new DeepTuckerFactorization(dims, ranks, depth);
        var g = new Gaussian(seed);
        int m = Math.Max(1, model.EndShape.Size / 2);
        var split = Observations.Sample(model.EndShape, m, seed + 1);
        var y = new double[m];
        g.Fill(y, 1);
        var objective = new Objective(model, new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.Mean));
        var theta = new double[model.Layout.Size];
        new Gaussian(seed + 2).Fill(theta, 0.7);
        return new DeepTuckerInstance(model, objective, theta, $"{model.Name}, seed {seed}");
    }

    /// <summary>Orders 1–3, D_n 1–3, R_n 1–3, the given depth.</summary>
    public static DeepTuckerInstance Random(Gaussian g, int depth)
    {
        int order = 1 + g.NextInt(3);
        return Random(Enumerable.Range(0, order).Select(_ => 1 + g.NextInt(3)).ToArray(), Enumerable.Range(0, order).Select(_ => 1 + g.NextInt(3)).ToArray(), depth, g.NextInt(1_000_000));
    }

    public double[] Velocity(double[] theta)
    {
        var v = new double[theta.Length];
        Objective.ValueAndGradient(theta, v);
        for (int k = 0; k < v.Length; k++) v[k] = -v[k];
        return v;
    }
}
