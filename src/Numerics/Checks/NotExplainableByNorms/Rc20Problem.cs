using ImplicitReg.Numerics.Checks.MatrixFactorization;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.NotExplainableByNorms;

/// <summary>One logged GD state of the RC20 problem: step, loss, W (row-major), det W.</summary>
public sealed record Rc20State(long Step, double Loss, double[] W, double Det);

/// <summary>
/// RC20's canonical 2×2 completion (theory.md §4.1): Ω = {(1,2), (2,1), (2,2)}, b₁₂ = b₂₁ = 1, b₂₂ = 0,
/// ℓ = ½Σ_Ω (W_ij − b_ij)², depth-L deep matrix factorization; and the 1×1 scalar counterexample of NN-1.
/// </summary>
public static class Rc20Problem
{
    public static MfInstance Create(int depth, double[] theta, string description)
    {
        var model = DeepMatrixFactorization.Square(depth, 2);
        var loss = new CompletionLoss(model.EndShape, [1, 2, 3], [1, 1, 0], LossNormalization.HalfSum);
        return new MfInstance(model, new Objective(model, loss), theta, description);
    }

    /// <summary>Balanced split of a random 𝒩(0, α²) product with det &gt; 0 (rows swapped when det &lt; 0).</summary>
    public static MfInstance Balanced(int depth, double alpha, int seed)
    {
        var product = new double[4];
        new Gaussian(seed).Fill(product, alpha);
        if (product[0] * product[3] - product[1] * product[2] < 0) (product[0], product[1], product[2], product[3]) = (product[2], product[3], product[0], product[1]);
        var model = DeepMatrixFactorization.Square(depth, 2);
        var theta = new double[model.Layout.Size];
        MatrixInitialization.Balanced(model, theta, product);
        return Create(depth, theta, $"RC20 2×2, L={depth}, balanced, product std {alpha}, seed {seed}");
    }

    /// <summary>Per-layer 𝒩(0, std²) layers (unbalanced), resampled (seed + k) until det W &gt; 0.</summary>
    public static MfInstance Unbalanced(int depth, double std, int seed)
    {
        var model = DeepMatrixFactorization.Square(depth, 2);
        var theta = new double[model.Layout.Size];
        var end = new double[4];
        for (int k = 0; ; k++)
        {
            GaussianInit.Fill(theta, std, seed + k);
            model.End(theta, end);
            if (end[0] * end[3] - end[1] * end[2] > 0) break;
        }
        return Create(depth, theta, $"RC20 2×2, L={depth}, unbalanced per-layer std {std}, seed {seed}");
    }

    /// <summary>NN-1's scalar counterexample: w₁ = α, w₂ = 2α, ℓ = ½(w₂w₁ − (−1))², "det" = w₂w₁.</summary>
    public static MfInstance ScalarCounterexample(double alpha)
    {
        var model = DeepMatrixFactorization.Square(2, 1);
        var loss = new CompletionLoss(model.EndShape, [0], [-1], LossNormalization.HalfSum);
        return new MfInstance(model, new Objective(model, loss), [alpha, 2 * alpha], $"1×1, L=2, w₁ = {alpha}, w₂ = 2w₁, target −1");
    }

    /// <summary>GD with step η for <paramref name="steps"/> steps; every <paramref name="every"/>-th state (and the last) is passed to <paramref name="visit"/>, which may stop the run by returning false.</summary>
    public static void Run(MfInstance c, double eta, long steps, int every, Func<Rc20State, bool> visit)
    {
        var sim = new Simulation(c.Objective, new GradientDescent(eta), c.Theta);
        int size = c.Model.EndShape.Size, d = c.Rows;
        var end = new double[size];
        for (long k = 0; k <= steps; k++)
        {
            if (k % every == 0 || k == steps)
            {
                c.Model.End(sim.Theta, end);
                double loss = c.Objective.Loss.Value(end);
                double det = d == 1 ? end[0] : MatrixSpectrum.Determinant(end, d);
                if (!visit(new Rc20State(k, loss, (double[])end.Clone(), det))) return;
            }
            if (k < steps) sim.Step();
        }
    }
}
