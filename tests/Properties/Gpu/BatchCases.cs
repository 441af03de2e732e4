using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Properties.Numerics;

namespace ImplicitReg.Properties.Gpu;

/// <summary>One problem of a random batch: its loss, θ₀ and optimizer (built fresh for each run: GroupRMSprop has state).</summary>
public sealed record BatchProblemCase(ILoss Loss, double[] Theta0, Func<IOptimizer> Optimizer, string Description);

/// <summary>A random batch: B problems of one structure with their own data, initial points and hyperparameters, and a step count.</summary>
public sealed record BatchCase(IFactorization Model, IReadOnlyList<BatchProblemCase> Problems, int Steps, bool Sensing)
{
    public override string ToString() =>
        $"{Model.Name}, {(Sensing ? "sensing" : "completion")} m={Problems[0].Loss.MeasurementCount}, B={Problems.Count}, {Steps} steps: {string.Join("; ", Problems.Select(p => p.Description))}";

    public BatchMember[] Members() => Problems.Select(p => new BatchMember(p.Loss, p.Theta0, p.Optimizer())).ToArray();
}

/// <summary>
/// Random batches for the device-vs-managed properties: deep MF (depths 1–4, widths 1–4), CP (orders 1–4, dims 1–4,
/// ranks 1–4), HTF (orders 1–4 over checkerboard, balanced and random nested trees, dims 1–3, widths 1–3); completion
/// (m random, shared by the batch) or sensing (1–4 Gaussian measurements); per problem its own Ω and y or measurement
/// tensors, θ₀ with init scale 0.3–0.9, normalization, and GD (lr 2e-3–2e-2) or GroupRMSprop (lr 1e-3–5e-3, α ∈ {0.9, 0.99},
/// ε ∈ {1e-6, 1e-4}); B = 1–4; 60–200 steps.
/// </summary>
public static class BatchCases
{
    public static Gen<IFactorization> Model(int kind) => kind switch
    {
        0 => from depth in Gen.Choose(1, 4)
             from widths in Gen.ArrayOf(Gen.Choose(1, 4), depth + 1)
             select (IFactorization)new DeepMatrixFactorization(widths),
        1 => from order in Gen.Choose(1, 4)
             from dims in Gen.ArrayOf(Gen.Choose(1, 4), order)
             from rank in Gen.Choose(1, 4)
             select (IFactorization)new CpFactorization(dims, rank),
        _ => from tree in HtfArbitraries.Tree(1, 4)
             from dims in Gen.ArrayOf(Gen.Choose(1, 3), tree.Order)
             from widths in Gen.ArrayOf(Gen.Choose(1, 3), tree.InteriorCount)
             select (IFactorization)new HierarchicalTensorFactorization(tree, dims, widths),
    };

    public static Arbitrary<BatchCase> Batches(int minSteps = 60, int maxSteps = 200, bool rmsprop = true) =>
        (from kind in Gen.Choose(0, 2)
         from model in Model(kind)
         from sensing in Gen.Elements(false, false, true)
         from count in Gen.Choose(1, 4)
         from steps in Gen.Choose(minSteps, maxSteps)
         from seed in Gen.Choose(0, 1_000_000)
         select Build(model, sensing, count, steps, seed, rmsprop)).ToArbitrary();

    public static BatchCase Build(IFactorization model, bool sensing, int count, int steps, int seed, bool rmsprop = true)
    {
        var g = new Gaussian(seed);
        var shape = model.EndShape;
        int m = sensing ? 1 + g.NextInt(4) : 1 + g.NextInt(shape.Size);
        var problems = new List<BatchProblemCase>();
        for (int b = 0; b < count; b++)
        {
            var normalization = g.NextInt(2) == 0 ? LossNormalization.Mean : LossNormalization.HalfSum;
            ILoss loss;
            if (sensing)
            {
                var a = new double[m * shape.Size];
                g.Fill(a, 1 / Math.Sqrt(shape.Size));
                var y = new double[m];
                g.Fill(y, 1);
                loss = new SensingLoss(shape, a, y, normalization);
            }
            else
            {
                var y = new double[m];
                g.Fill(y, 1);
                loss = new CompletionLoss(shape, g.Permutation(shape.Size)[..m], y, normalization);
            }
            double scale = 0.3 + 0.6 * g.NextInt(1000) / 1000.0;
            var theta = new double[model.Layout.Size];
            g.Fill(theta, scale);
            bool rms = rmsprop && g.NextInt(2) == 1;
            double lr = rms ? 1e-3 + 4e-3 * g.NextInt(1000) / 1000.0 : 2e-3 + 1.8e-2 * g.NextInt(1000) / 1000.0;
            double alpha = g.NextInt(2) == 0 ? 0.9 : 0.99, eps = g.NextInt(2) == 0 ? 1e-6 : 1e-4;
            Func<IOptimizer> optimizer = rms ? () => new GroupRmsProp(lr, alpha, eps) : () => new GradientDescent(lr);
            problems.Add(new BatchProblemCase(loss, theta, optimizer, $"{optimizer().Name}, std {scale:0.00}, {normalization}"));
        }
        return new BatchCase(model, problems, steps, sensing);
    }
}
