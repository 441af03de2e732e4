using System.Numerics.Tensors;

namespace ImplicitReg.Numerics.LinearAlgebra;

/// <summary>
/// Dense row-major matrix products C = α·op(A)·op(B) + β·C on spans (no allocation), vectorized with
/// <see cref="TensorPrimitives"/> so the width follows the machine (AVX2 or AVX-512). Shapes: op(A) is m×k,
/// op(B) is k×n, C is m×n, all contiguous row-major.
/// </summary>
public static class Gemm
{
    /// <summary>C = α·A·B + β·C, A m×k, B k×n.</summary>
    public static void NN(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, m * k, b.Length, k * n, c.Length);
        Scale(c[..(m * n)], beta);
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            var ai = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                double s = alpha * ai[p];
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), s, ci, ci); // no zero-skip: NaN and ∞ in B must propagate
            }
        }
    }

    /// <summary>C = α·Aᵀ·B + β·C, A k×m, B k×n.</summary>
    public static void TN(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, m * k, b.Length, k * n, c.Length);
        Scale(c[..(m * n)], beta);
        for (int p = 0; p < k; p++)
        {
            var bp = b.Slice(p * n, n);
            var ap = a.Slice(p * m, m);
            for (int i = 0; i < m; i++)
            {
                double s = alpha * ap[i];
                TensorPrimitives.MultiplyAdd(bp, s, c.Slice(i * n, n), c.Slice(i * n, n));
            }
        }
    }

    /// <summary>C = α·A·Bᵀ + β·C, A m×k, B n×k.</summary>
    public static void NT(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, m * k, b.Length, k * n, c.Length);
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                double d = alpha * TensorPrimitives.Dot(ai, b.Slice(j * k, k));
                c[i * n + j] = beta == 0 ? d : beta * c[i * n + j] + d;
            }
        }
    }

    private static void Scale(Span<double> c, double beta)
    {
        if (beta == 0) c.Clear();
        else if (beta != 1) TensorPrimitives.Multiply(c, beta, c);
    }

    private static void Check(int m, int n, int k, int aLength, int aNeed, int bLength, int bNeed, int cLength)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Negative matrix size m={m} n={n} k={k}.");
        if (aLength < aNeed || bLength < bNeed || cLength < m * n)
            throw new ArgumentException($"Gemm m={m} n={n} k={k}: A has {aLength} of {aNeed}, B {bLength} of {bNeed}, C {cLength} of {m * n} entries.");
    }
}
