using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// A seeded deep-MF training problem with its time unit: 1/λ̂, λ̂ the top |eigenvalue| of ∇²φ(θ_0) (power
/// iteration on finite-difference Hessian–vector products), so step sizes ηλ̂ and horizons Tλ̂ compare
/// across random widths and losses.
/// </summary>
public sealed record FlowProblem(DeepMatrixFactorization Model, ILoss Loss, double[] Theta0, double Curvature, string Description)
{
    public Objective NewObjective() => new(Model.Clone(), Loss);

    public double TimeUnit => 1 / Curvature;

    public override string ToString() => Description;

    /// <summary>Completion (mean over a random half of the entries) or sensing (mean over 2·size Gaussian measurements).</summary>
    public static FlowProblem Create(int[] widths, int seed, bool sensing, double initStd = 0.6)
    {
        var model = new DeepMatrixFactorization(widths);
        var shape = model.EndShape;
        var g = new Gaussian(seed);
        ILoss loss;
        if (sensing)
        {
            int m = 2 * shape.Size;
            var a = new double[m * shape.Size];
            var y = new double[m];
            g.Fill(a, 1 / Math.Sqrt(shape.Size));
            g.Fill(y, 1);
            loss = new SensingLoss(shape, a, y, LossNormalization.Mean);
        }
        else
        {
            int m = Math.Max(1, shape.Size / 2);
            var idx = g.Permutation(shape.Size)[..m];
            var y = new double[m];
            g.Fill(y, 1);
            loss = new CompletionLoss(shape, idx, y, LossNormalization.Mean);
        }
        var theta = new double[model.Layout.Size];
        g.Fill(theta, initStd);
        var objective = new Objective(model.Clone(), loss);
        double curvature = Math.Max(TopHessianEigenvalue(objective, theta), 1e-3);
        var description = $"{model.Name}, {(sensing ? "sensing" : "completion")}, seed {seed}, λ̂ = {curvature:0.###}";
        return new FlowProblem(model, loss, theta, curvature, description);
    }

    private static double TopHessianEigenvalue(Objective objective, double[] theta)
    {
        int n = theta.Length;
        var v = new double[n];
        new Gaussian(12345).Fill(v, 1);
        var hv = new double[n];
        var gp = new double[n];
        var gm = new double[n];
        var x = new double[n];
        double lambda = 0;
        for (int it = 0; it < 40; it++)
        {
            TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
            const double h = 1e-5;
            TensorPrimitives.MultiplyAdd(v, h, theta, x);
            objective.ValueAndGradient(x, gp);
            TensorPrimitives.MultiplyAdd(v, -h, theta, x);
            objective.ValueAndGradient(x, gm);
            TensorPrimitives.Subtract(gp, gm, hv);
            TensorPrimitives.Divide(hv, 2 * h, hv);
            lambda = TensorPrimitives.Norm(hv);
            hv.CopyTo(v, 0);
        }
        return lambda;
    }

    /// <summary>Gradient flow from θ_0 to time <paramref name="tau"/> with tight Dormand–Prince tolerances.</summary>
    public double[] GradientFlow(double tau, double rtol = 1e-12, double atol = 1e-14)
    {
        var reference = new DormandPrince(NewObjective(), Theta0, rtol, atol);
        reference.IntegrateTo(tau);
        return reference.Theta.ToArray();
    }

    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Distance(a, b);
}

public static class FlowProblemArbitraries
{
    /// <summary>Depth 2–3, widths 1–4 (end matrix at least 2×2), completion or sensing.</summary>
    public static Arbitrary<FlowProblem> Problems() =>
        (from depth in Gen.Choose(2, 3)
         from hidden in Gen.ArrayOf(Gen.Choose(1, 4), depth - 1)
         from rows in Gen.Choose(2, 4)
         from cols in Gen.Choose(2, 4)
         from sensing in Gen.Elements(false, true)
         from seed in Gen.Choose(0, 1_000_000)
         select FlowProblem.Create([cols, .. hidden, rows], seed, sensing)).ToArbitrary();
}
