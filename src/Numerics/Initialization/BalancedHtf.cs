using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// Balanced initialization of a hierarchical tensor factorization (theory.md §8.1 B): leaf matrices Gaussian
/// with every column rescaled to norm a; interior non-root W^(ν) = a·Q_ν, Q_ν a random orthogonal matrix (QR of a
/// Gaussian matrix with the signs of diag R moved into Q, i.e. Haar); root W^(root) = a·ξ, ξ_r ∈ {±1}.
/// Every vector of every local component then has norm a, so ε = 0 (HTF-C1) and HTF-1 holds for all t.
/// Needs R_ν = R_Pa(ν) at every interior non-root node (e.g. all interior widths equal).
/// </summary>
public static class BalancedHtf
{
    public static double[] Create(HierarchicalTensorFactorization model, double scale, int seed)
    {
        var theta = new double[model.Layout.Size];
        Fill(model, theta, scale, seed);
        return theta;
    }

    public static void Fill(HierarchicalTensorFactorization model, Span<double> theta, double scale, int seed)
    {
        var tree = model.Tree;
        foreach (int v in tree.InteriorNodes)
            if (v != tree.Root && model.Width(v) != model.ParentWidth(v))
                throw new ArgumentException($"Balanced HTF init needs square interior matrices, but W{tree.Label(v)} is {model.Width(v)}×{model.ParentWidth(v)}.", nameof(model));
        var gaussian = new Gaussian(seed);
        for (int v = 0; v < tree.NodeCount; v++)
        {
            var w = model.Weight(theta, v);
            int rows = model.Width(v), cols = model.ParentWidth(v);
            if (tree.IsLeaf(v))
            {
                gaussian.Fill(w, 1);
                for (int j = 0; j < cols; j++)
                {
                    double s = 0;
                    for (int i = 0; i < rows; i++) s += w[i * cols + j] * w[i * cols + j];
                    double f = scale / Math.Sqrt(s);
                    for (int i = 0; i < rows; i++) w[i * cols + j] *= f;
                }
            }
            else if (v == tree.Root)
            {
                for (int i = 0; i < rows; i++) w[i] = gaussian.NextInt(2) == 0 ? scale : -scale;
            }
            else
            {
                var g = new double[rows * rows];
                gaussian.Fill(g, 1);
                var qr = Matrix<double>.Build.Dense(rows, rows, g).QR();
                var q = qr.Q;
                var r = qr.R;
                for (int j = 0; j < rows; j++)
                {
                    double sign = r[j, j] < 0 ? -1 : 1;
                    for (int i = 0; i < rows; i++) w[i * cols + j] = scale * sign * q[i, j];
                }
            }
        }
    }
}
