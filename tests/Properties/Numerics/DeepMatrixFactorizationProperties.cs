using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.MatrixFactorization;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;

namespace ImplicitReg.Properties.Numerics;

/// <summary>A deep MF with hidden widths ≥ min(rows, cols) and a random product to split (seeded).</summary>
public sealed record BalancedMatrixCase(int[] Widths, int Seed)
{
    public override string ToString() => $"widths [{string.Join(", ", Widths)}], seed {Seed}";
}

public static class MatrixArbitraries
{
    public static Arbitrary<BalancedMatrixCase> Balanced() =>
        (from depth in Gen.Choose(1, 4)
         from rows in Gen.Choose(1, 4)
         from cols in Gen.Choose(1, 4)
         from extra in Gen.ArrayOf(Gen.Choose(0, 2), depth - 1)
         from seed in Gen.Choose(0, 1_000_000)
         let k = Math.Min(rows, cols)
         select new BalancedMatrixCase([cols, .. extra.Select(e => k + e), rows], seed)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(MatrixArbitraries)], MaxTest = 100, Replay = Seeds.Replay)]
public class DeepMatrixFactorizationProperties
{
    private static (DeepMatrixFactorization Model, double[] Theta, double[] Product) Balanced(BalancedMatrixCase c)
    {
        var model = new DeepMatrixFactorization(c.Widths);
        var product = LowRankGroundTruth.Matrix(c.Widths[^1], c.Widths[0], Math.Min(c.Widths[^1], c.Widths[0]), c.Seed, 2.0);
        var theta = new double[model.Layout.Size];
        MatrixInitialization.Balanced(model, theta, product);
        return (model, theta, product);
    }

    [Property]
    public bool BalancedInitReproducesTheProductWithEveryBalancednessResidualZero(BalancedMatrixCase c)
    {
        var (model, theta, product) = Balanced(c);
        var end = new double[model.EndShape.Size];
        model.End(theta, end);
        return ReconstructionError.Normalized(end, product) < 1e-12 && BalancednessResidual.MaxFrobenius(model, theta) < 1e-12;
    }

    [Property]
    public bool BalancedLayersHaveTheSingularValuesOfTheProductToThePowerOneOverN(BalancedMatrixCase c)
    {
        // theory.md MF-11 (singular values σ_r(W_e)^{1/N} zero-padded, equal Frobenius norms), through the claim's check.
        var (model, theta, _) = Balanced(c);
        return MF11_BalancedFactorsStructureCheck.StructureError(model, theta) < MF11_BalancedFactorsStructureCheck.Tolerance;
    }

    [Property]
    public bool SingularValuesDecreaseAndTheirSquaresSumToTheSquaredFrobeniusNorm(BalancedMatrixCase c)
    {
        var (_, _, product) = Balanced(c);
        var s = MatrixSpectrum.SingularValues(product, c.Widths[^1], c.Widths[0]);
        bool sorted = s.Zip(s.Skip(1)).All(p => p.First >= p.Second);
        return sorted && Math.Abs(s.Sum(x => x * x) - product.Sum(x => x * x)) < 1e-10;
    }

    [Property]
    public bool SingularValuesMoveAsNTimesSigmaToTheTwoMinusTwoOverNUnderBalancedGradientFlow(BalancedMatrixCase c)
    {
        // ACHL19 Thm 3 (theory.md MF-6): dσ_r/dt = −N σ_r^{2−2/N} ⟨∇ℓ(W), u_r v_rᵀ⟩ at a balanced point,
        // with Ẇ = d/dε W(θ − ε∇φ) by central differences.
        var (model, theta, _) = Balanced(c);
        var loss = RandomInstances.Loss(model.EndShape, c.Seed + 7);
        var objective = new Objective(model, loss);
        var grad = new double[theta.Length];
        objective.ValueAndGradient(theta, grad);
        int rows = c.Widths[^1], cols = c.Widths[0], n = model.Depth;
        var end = new double[rows * cols];
        model.End(theta, end);
        var endGrad = new double[end.Length];
        loss.ValueAndGradient(end, endGrad);
        const double h = 1e-6;
        var plus = theta.Select((t, i) => t - h * grad[i]).ToArray();
        var minus = theta.Select((t, i) => t + h * grad[i]).ToArray();
        var wPlus = new double[end.Length];
        var wMinus = new double[end.Length];
        model.End(plus, wPlus);
        model.End(minus, wMinus);
        var (u, s, v) = MatrixSpectrum.Decompose(end, rows, cols);
        for (int r = 0; r < s.Length; r++)
        {
            if (s[r] < 1e-3 || (r + 1 < s.Length && s[r] - s[r + 1] < 1e-3) || (r > 0 && s[r - 1] - s[r] < 1e-3)) continue; // simple, non-zero σ only
            double rate = 0, projection = 0;
            for (int i = 0; i < rows; i++)
                for (int k = 0; k < cols; k++)
                {
                    double uv = u[i, r] * v[k, r];
                    rate += uv * (wPlus[i * cols + k] - wMinus[i * cols + k]) / (2 * h);
                    projection += uv * endGrad[i * cols + k];
                }
            double predicted = -n * Math.Pow(s[r], 2 - 2.0 / n) * projection;
            if (Math.Abs(rate - predicted) > 1e-6 * Math.Max(1, Math.Abs(predicted))) return false;
        }
        return true;
    }

    [Property]
    public bool IdentityInitMakesEveryLayerTheNthRootOfTheScaleTimesIAndIsBalanced(BalancedMatrixCase c)
    {
        // ACHL19 "identity" init (theory.md §3.2, MF-E3): W_j = scale^{1/N}·I (ones on the main diagonal of a rectangular
        // layer, as torch's eye_), so W_e = scale·I on the leading min(rows, cols) diagonal; square layers ⇒ C_j = 0.
        var model = new DeepMatrixFactorization(c.Widths);
        double scale = 1e-3 * (1 + c.Seed % 7);
        var theta = new double[model.Layout.Size];
        MatrixInitialization.Identity(model, theta, scale);
        double root = Math.Pow(scale, 1.0 / model.Depth);
        for (int j = 1; j <= model.Depth; j++)
        {
            var w = model.Layer(theta, j);
            int rows = c.Widths[j], cols = c.Widths[j - 1];
            for (int i = 0; i < rows; i++)
                for (int k = 0; k < cols; k++)
                    if (w[i * cols + k] != (i == k ? root : 0)) return false;
        }
        var end = new double[model.EndShape.Size];
        model.End(theta, end);
        int n = c.Widths[^1], m = c.Widths[0], diagonal = c.Widths.Min();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m; k++)
                if (Math.Abs(end[i * m + k] - (i == k && i < diagonal ? scale : 0)) > 1e-15) return false;
        bool square = c.Widths.All(w => w == c.Widths[0]);
        return !square || BalancednessResidual.MaxFrobenius(model, theta) < 1e-15;
    }
}
