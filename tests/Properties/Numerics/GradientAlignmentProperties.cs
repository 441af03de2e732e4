using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// The alignment statistics of |Uᵀ∇ℓV| (theory.md §1.1, ACHL19 Fig. 3 col. 4): a gradient that shares W's singular
/// vectors is exactly diagonal; the statistics do not change when W and the gradient are rotated by the same orthogonal
/// matrices; a worked 2×2 case; and the catalog's "alignment" quantity reads ∇ℓ from the run's loss.
/// </summary>
public class GradientAlignmentProperties
{
    private static readonly Arbitrary<(int Rows, int Cols, int Seed)> Shapes =
        (from rows in Gen.Choose(2, 7) from cols in Gen.Choose(2, 7) from seed in Gen.Choose(0, 1_000_000) select (rows, cols, seed)).ToArbitrary();

    private static double[] Gaussian(int size, Gaussian g)
    {
        var x = new double[size];
        g.Fill(x, 1);
        return x;
    }

    private static double[] RowMajor(Matrix<double> m)
    {
        var x = new double[m.RowCount * m.ColumnCount];
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++)
                x[i * m.ColumnCount + j] = m[i, j];
        return x;
    }

    private static Matrix<double> Orthogonal(int n, Gaussian g) => MatrixSpectrum.ToMatrix(Gaussian(n * n, g), n, n).QR().Q;

    private static bool Close(AlignmentStatistics a, AlignmentStatistics b, double tolerance) =>
        new[] { (a.DiagonalMean, b.DiagonalMean), (a.DiagonalStd, b.DiagonalStd), (a.OffDiagonalMean, b.OffDiagonalMean), (a.OffDiagonalStd, b.OffDiagonalStd) }
            .All(p => Math.Abs(p.Item1 - p.Item2) <= tolerance * (1 + Math.Abs(p.Item1)));

    [Property(Replay = Seeds.Replay, MaxTest = 100)]
    public Property AGradientSharingTheSingularVectorsOfWIsDiagonal() =>
        Prop.ForAll(Shapes, s =>
        {
            // G = c·W ⇒ UᵀGV = c·S: diagonal entries c·σ_r, off-diagonal zero.
            var g = new Gaussian(s.Seed);
            var w = Gaussian(s.Rows * s.Cols, g);
            var a = GradientAlignment.Of(w, [.. w.Select(x => -2.5 * x)], s.Rows, s.Cols);
            var sigma = MatrixSpectrum.SingularValues(w, s.Rows, s.Cols);
            return (Math.Abs(a.DiagonalMean - 2.5 * sigma.Average()) < 1e-10 && a.OffDiagonalMean < 1e-12 && a.OffDiagonalStd < 1e-12)
                .Label($"{s}: {a}, 2.5·mean σ = {2.5 * sigma.Average()}");
        });

    [Property(Replay = Seeds.Replay, MaxTest = 100)]
    public Property StatisticsAreInvariantUnderTheSameOrthogonalRotationOfWAndTheGradient() =>
        Prop.ForAll(Shapes, s =>
        {
            var g = new Gaussian(s.Seed);
            var w = MatrixSpectrum.ToMatrix(Gaussian(s.Rows * s.Cols, g), s.Rows, s.Cols);
            var grad = MatrixSpectrum.ToMatrix(Gaussian(s.Rows * s.Cols, g), s.Rows, s.Cols);
            var (left, right) = (Orthogonal(s.Rows, g), Orthogonal(s.Cols, g));
            var a = GradientAlignment.Of(RowMajor(w), RowMajor(grad), s.Rows, s.Cols);
            var b = GradientAlignment.Of(RowMajor(left * w * right.Transpose()), RowMajor(left * grad * right.Transpose()), s.Rows, s.Cols);
            return Close(a, b, 1e-9).Label($"{s}: {a} vs rotated {b}");
        });

    [Fact]
    public void ADiagonalWReadsTheGradientsDiagonalAndOffDiagonalEntries()
    {
        // W = diag(3, 1): U = V = I up to signs, so |UᵀGV| = |G|: diagonal {1, 4}, off-diagonal {2, 6}.
        var a = GradientAlignment.Of([3, 0, 0, 1], [1, -2, 6, -4], 2, 2);
        Assert.Equal(2.5, a.DiagonalMean, 12);
        Assert.Equal(Math.Sqrt(4.5), a.DiagonalStd, 12);     // sample std of {1, 4}
        Assert.Equal(4, a.OffDiagonalMean, 12);
        Assert.Equal(Math.Sqrt(8), a.OffDiagonalStd, 12);    // sample std of {2, 6}
    }

    [Fact]
    public void AVectorHasNoOffDiagonalAndIsRejected() =>
        Assert.Contains("min(rows, cols) ≥ 2", Assert.Throws<ArgumentException>(() => GradientAlignment.Of([1, 2, 3], [1, 1, 1], 1, 3)).Message);

    [Fact]
    public void TheAlignmentQuantityUsesTheGradientOfTheRunsLoss()
    {
        var model = DeepMatrixFactorization.Square(2, 4);
        var target = LowRankGroundTruth.Matrix(4, 4, 1, 3, 4);
        var loss = new CompletionLoss(new TensorShape(4, 4), [0, 3, 5, 6, 9, 12, 15], [.. new[] { 0, 3, 5, 6, 9, 12, 15 }.Select(i => target[i])], LossNormalization.Mean);
        var objective = new Objective(model, loss);
        var theta = new double[model.Layout.Size];
        new Gaussian(5).Fill(theta, 0.8);
        var quantity = QuantityCatalog.Create("alignment", model, target, []);
        Assert.Equal(["diag-mean", "diag-std", "offdiag-mean", "offdiag-std"], quantity.Columns);
        var values = new double[4];
        quantity.Evaluate(theta, objective, values);

        var end = new double[16];
        var gradient = new double[16];
        model.End(theta, end);
        loss.ValueAndGradient(end, gradient);
        var expected = GradientAlignment.Of(end, gradient, 4, 4);
        Assert.Equal([expected.DiagonalMean, expected.DiagonalStd, expected.OffDiagonalMean, expected.OffDiagonalStd], values);

        var mse = QuantityCatalog.Create("reconstruction-mse", model, target, []);
        var value = new double[1];
        mse.Evaluate(theta, objective, value);
        Assert.Equal(ReconstructionError.MeanSquared(end, target), value[0]);
    }
}
