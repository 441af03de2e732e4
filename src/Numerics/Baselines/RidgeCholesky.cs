using System.Numerics.Tensors;

namespace ImplicitReg.Numerics.Baselines;

/// <summary>
/// Solves X·V = B for a symmetric positive semi-definite R×R matrix V (row-major) and k right-hand-side rows B (k×R):
/// Cholesky V = LLᵀ, then two triangular solves per row. When a pivot is not positive (V singular or indefinite by
/// rounding), a ridge λI is added and the factorization retried, λ = 10⁻¹⁴·mean(diag V), ×100 per retry — the
/// robust stand-in for the pseudo-inverse of RC20's CP-ALS (theory.md §8.1 D). Owns its buffers; allocation-free.
/// </summary>
internal sealed class RidgeCholesky
{
    private readonly int _size;
    private readonly double[] _factor;

    public RidgeCholesky(int size)
    {
        _size = size;
        _factor = new double[size * size];
    }

    /// <summary>The ridge added by the last <see cref="Solve"/> (0: plain Cholesky succeeded).</summary>
    public double LastRidge { get; private set; }

    /// <summary>Overwrites each row b of <paramref name="rows"/> (k×R) with x = b·V⁻¹ (or b·(V + λI)⁻¹).</summary>
    public void Solve(ReadOnlySpan<double> v, Span<double> rows, int count)
    {
        int r = _size;
        double meanDiagonal = 0;
        for (int i = 0; i < r; i++) meanDiagonal += v[i * r + i];
        meanDiagonal = meanDiagonal > 0 && double.IsFinite(meanDiagonal) ? meanDiagonal / r : 1;
        double ridge = 0;
        while (!Factor(v, ridge))
        {
            ridge = ridge == 0 ? 1e-14 * meanDiagonal : ridge * 100;
            if (!double.IsFinite(ridge) || ridge > 1e30 * meanDiagonal)
                throw new InvalidOperationException($"The {r}×{r} Gram system of CP-ALS could not be factored even with a ridge of {ridge:G3} (non-finite factors?).");
        }
        LastRidge = ridge;
        for (int q = 0; q < count; q++)
        {
            var x = rows.Slice(q * r, r);
            // V xᵀ = bᵀ: L y = b (forward), Lᵀ x = y (backward).
            for (int i = 0; i < r; i++)
            {
                var li = _factor.AsSpan(i * r, i);
                x[i] = (x[i] - TensorPrimitives.Dot(li, x[..i])) / _factor[i * r + i];
            }
            for (int i = r - 1; i >= 0; i--)
            {
                double s = x[i];
                for (int j = i + 1; j < r; j++) s -= _factor[j * r + i] * x[j];
                x[i] = s / _factor[i * r + i];
            }
        }
    }

    /// <summary>Lower Cholesky factor of V + ridge·I into _factor (row i holds L[i, 0..i]); false at a non-positive pivot.</summary>
    private bool Factor(ReadOnlySpan<double> v, double ridge)
    {
        int r = _size;
        for (int i = 0; i < r; i++)
        {
            var li = _factor.AsSpan(i * r, r);
            for (int j = 0; j <= i; j++)
            {
                var lj = _factor.AsSpan(j * r, j);
                double s = v[i * r + j] - TensorPrimitives.Dot(li[..j], lj);
                if (i == j)
                {
                    s += ridge;
                    if (!(s > 0) || !double.IsFinite(s)) return false;
                    li[i] = Math.Sqrt(s);
                }
                else li[j] = s / _factor[j * r + j];
            }
        }
        return true;
    }
}
