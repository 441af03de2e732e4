using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>A seeded random deep-MF completion problem (theory.md §2.1, §3.1) for the claims' checks.</summary>
public sealed record MfInstance(DeepMatrixFactorization Model, Objective Objective, double[] Theta, string Description)
{
    public override string ToString() => Description;

    public int Rows => Model.Widths[Model.Depth];
    public int Cols => Model.Widths[0];

    /// <param name="widths">n_0 … n_N.</param>
    /// <param name="balanced">Balanced split of a random product (§8.1 B), else Gaussian layers of std <paramref name="std"/>.</param>
    public static MfInstance Random(int[] widths, int seed, bool balanced, double std = 0.7)
    {
        var model = new DeepMatrixFactorization(widths);
        var g = new Gaussian(seed);
        int size = model.EndShape.Size;
        int m = Math.Max(1, (size + 1) / 2);
        var split = Observations.Sample(model.EndShape, m, seed + 1);
        var y = new double[m];
        g.Fill(y, 1);
        var objective = new Objective(model, new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.Mean));
        var theta = new double[model.Layout.Size];
        if (balanced)
        {
            var product = new double[size];
            g.Fill(product, 1);
            MatrixInitialization.Balanced(model, theta, product);
        }
        else GaussianInit.Fill(theta, std, seed + 2);
        return new MfInstance(model, objective, theta,
            $"N={model.Depth}, widths [{string.Join(",", widths)}], seed {seed}{(balanced ? ", balanced" : ", unbalanced")}");
    }

    public static MfInstance Square(int depth, int d, int seed, bool balanced) =>
        Random(Enumerable.Repeat(d, depth + 1).ToArray(), seed, balanced);

    /// <summary>Random square instance: depth 2–4, d 2–4.</summary>
    public static MfInstance Random(Gaussian g, bool balanced) =>
        Square(2 + g.NextInt(3), 2 + g.NextInt(3), g.NextInt(1_000_000), balanced);
}

/// <summary>Small dense row-major helpers for the deep-MF checks.</summary>
public static class MfAlgebra
{
    /// <summary>A (n×k) · B (k×m).</summary>
    public static double[] Mul(ReadOnlySpan<double> a, int n, int k, ReadOnlySpan<double> b, int m)
    {
        var c = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < k; l++)
            {
                double x = a[i * k + l];
                if (x == 0) continue;
                for (int j = 0; j < m; j++) c[i * m + j] += x * b[l * m + j];
            }
        return c;
    }

    public static double[] Transpose(ReadOnlySpan<double> a, int n, int m)
    {
        var t = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
        return t;
    }

    public static double[] Identity(int n)
    {
        var e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = 1;
        return e;
    }

    public static double MaxAbs(ReadOnlySpan<double> a)
    {
        double m = 0;
        foreach (var x in a) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    /// <summary>∇_θ φ at θ.</summary>
    public static double[] Gradient(MfInstance c, ReadOnlySpan<double> theta)
    {
        var grad = new double[theta.Length];
        c.Objective.ValueAndGradient(theta, grad);
        return grad;
    }

    /// <summary>W_e and ∇ℓ(W_e) at θ.</summary>
    public static (double[] End, double[] EndGradient, double Loss) EndAndGradient(MfInstance c, ReadOnlySpan<double> theta)
    {
        var end = new double[c.Model.EndShape.Size];
        var endGrad = new double[end.Length];
        c.Model.End(theta, end);
        double loss = c.Objective.Loss.ValueAndGradient(end, endGrad);
        return (end, endGrad, loss);
    }

    /// <summary>Ẇ_e = Σ_j W_{N:j+1} Ẇ_j W_{j−1:1} under gradient flow Ẇ_j = −∂φ/∂W_j (exact, no differencing).</summary>
    public static double[] EndVelocity(MfInstance c, ReadOnlySpan<double> theta)
    {
        var m = c.Model;
        int n = m.Depth;
        var w = m.Widths;
        var grad = Gradient(c, theta);
        var result = new double[c.Rows * c.Cols];
        for (int j = 1; j <= n; j++)
        {
            // right = W_{j−1:1} (n_{j−1} × n_0), left = W_{N:j+1} (n_N × n_j)
            var right = Identity(w[0]);
            for (int i = 1; i < j; i++) right = Mul(m.Layer(theta, i), w[i], w[i - 1], right, w[0]);
            var left = Identity(w[n]);
            int leftCols = w[n];
            for (int i = n; i > j; i--)
            {
                left = Mul(left, w[n], leftCols, m.Layer(theta, i), w[i - 1]);
                leftCols = w[i - 1];
            }
            var gj = m.Layer((ReadOnlySpan<double>)grad, j);
            var term = Mul(Mul(left, w[n], w[j], gj, w[j - 1]), w[n], w[j - 1], right, w[0]);
            for (int k = 0; k < result.Length; k++) result[k] -= term[k];
        }
        return result;
    }

    /// <summary>SVD of W_e (rows × cols): U, σ (descending), V.</summary>
    public static (MathNet.Numerics.LinearAlgebra.Matrix<double> U, double[] S, MathNet.Numerics.LinearAlgebra.Matrix<double> V) Svd(MfInstance c, ReadOnlySpan<double> end) =>
        MatrixSpectrum.Decompose(end, c.Rows, c.Cols);

    /// <summary>uᵀ A v for column r of U and V.</summary>
    public static double Bilinear(ReadOnlySpan<double> a, int rows, int cols, MathNet.Numerics.LinearAlgebra.Matrix<double> u, MathNet.Numerics.LinearAlgebra.Matrix<double> v, int r)
    {
        double s = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) s += u[i, r] * a[i * cols + j] * v[j, r];
        return s;
    }
}
