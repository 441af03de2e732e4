using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Deep matrix factorization 𝑊_e = W_N ⋯ W_1, W_j ∈ ℝ^{n_j × n_{j−1}} (ACH18 §2.1, ACHL19, RC20; theory.md §2.1),
/// arbitrary widths n_0 … n_N; end shape [n_N, n_0]. Factors are named W1 … WN (θ stores W1 first).
/// Gradient (theory.md §2.1, λ = 0): ∂⟨G, W_e⟩/∂W_j = W_{N:j+1}ᵀ · G · W_{j−1:1}ᵀ.
/// Completion (<see cref="IObservedEntries"/>): the end matrix is needed only on Ω, so W_N·(W_{N−1:1}) is taken as one
/// dot product per observed entry, and the two top-level products with the sparse gradient run over Ω alone — one
/// dense matrix product fewer per step than End + Backward.
/// </summary>
public sealed class DeepMatrixFactorization : IFactorization, IReusesForward, IObservedEntries
{
    private readonly int[] _widths;
    private readonly FactorSlot[] _slots;
    private readonly double[][] _prefix;   // _prefix[j] = W_j ⋯ W_1 (n_j × n_0), j = 1..N
    private readonly double[] _back0, _back1;
    private readonly int[] _nonzeros;         // flat indices of the end gradient's nonzero entries (sparse top step)
    private readonly int[] _index;            // per nonzero: its column (row order), then its row (column order)
    private readonly double[] _values;        // per nonzero: G's entry, in the same orders
    private readonly int[] _columnStart;      // n_0 + 1 offsets of the columns in the column order
    private readonly double[] _prefixT;       // (W_{N−1} ⋯ W_1)ᵀ, n_0 × n_{N−1} (sparse top step)
    private readonly int[] _rowStart;         // n_N + 1 offsets of the rows in the row order (observed path)
    private int[] _byRow = [], _byColumn = [];       // observed path: per entry its column (row order) / row (column order)
    private double[] _rowValues = [], _columnValues = [];

    /// <param name="widths">n_0 (columns of W_e), n_1 … n_{N−1} (hidden), n_N (rows of W_e); depth N = widths.Length − 1 ≥ 1.</param>
    public DeepMatrixFactorization(params int[] widths)
    {
        if (widths.Length < 2) throw new ArgumentException("Deep matrix factorization needs widths n_0 … n_N with depth N ≥ 1.", nameof(widths));
        if (widths.Any(w => w <= 0)) throw new ArgumentException($"Widths must be positive: [{string.Join(", ", widths)}].", nameof(widths));
        _widths = (int[])widths.Clone();
        Layout = new ParameterLayout();
        _slots = new FactorSlot[Depth + 1];
        for (int j = 1; j <= Depth; j++) _slots[j] = Layout.Add($"W{j}", widths[j], widths[j - 1]);
        EndShape = new TensorShape(widths[Depth], widths[0]);
        _prefix = new double[Depth + 1][];
        for (int j = 1; j <= Depth; j++) _prefix[j] = new double[widths[j] * widths[0]];
        int maxBack = widths.Max() * widths[0];
        _back0 = new double[maxBack];
        _back1 = new double[maxBack];
        _nonzeros = new int[widths[Depth] * widths[0] + 4];
        _index = new int[widths[Depth] * widths[0] + 4];
        _values = new double[widths[Depth] * widths[0] + 4];
        _columnStart = new int[widths[0] + 1];
        _prefixT = Depth >= 2 ? new double[widths[0] * widths[Depth - 1]] : [];
        _rowStart = new int[widths[Depth] + 1];
    }

    /// <summary>Depth N with every width d (square d×d end matrix).</summary>
    public static DeepMatrixFactorization Square(int depth, int d) => new(Enumerable.Repeat(d, depth + 1).ToArray());

    public int Depth => _widths.Length - 1;
    public IReadOnlyList<int> Widths => _widths;
    public string Name => $"deep MF N={Depth} widths [{string.Join(", ", _widths)}]";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape { get; }

    /// <summary>Layer W_j (1-based, as in the papers) as a row-major n_j × n_{j−1} span of θ.</summary>
    public ReadOnlySpan<double> Layer(ReadOnlySpan<double> theta, int j) => _slots[j].Of(theta);
    public Span<double> Layer(Span<double> theta, int j) => _slots[j].Of(theta);

    public void End(ReadOnlySpan<double> theta, Span<double> end)
    {
        Forward(theta);
        _prefix[Depth].CopyTo(end);
    }

    /// <summary>Prefix products W_j ⋯ W_1 for θ (kept for <see cref="BackwardAfterEnd"/>).</summary>
    private void Forward(ReadOnlySpan<double> theta)
    {
        int n0 = _widths[0];
        Layer(theta, 1).CopyTo(_prefix[1]);
        for (int j = 2; j <= Depth; j++)
            Gemm.NN(_widths[j], n0, _widths[j - 1], 1, Layer(theta, j), _prefix[j - 1], 0, _prefix[j]);
    }

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        Forward(theta);
        BackwardAfterEnd(theta, endGradient, gradient);
    }


    /// <summary>∂⟨G, W_e⟩/∂θ with the prefix products of the End(θ) just computed (see <see cref="IReusesForward"/>).</summary>
    public void BackwardAfterEnd(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        int n0 = _widths[0];
        ReadOnlySpan<double> b = endGradient[..(_widths[Depth] * n0)];
        if (Depth >= 2 && SparseTop(theta, b, gradient, _back0))
        {
            BelowTop(theta, gradient);
            return;
        }
        BackwardFrom(theta, Depth, b, gradient);
    }

    /// <summary>Levels j = <paramref name="top"/> … 1 from B_top: grad W_j = B_j · (W_{j−1:1})ᵀ, B_{j−1} = W_jᵀ · B_j.</summary>
    private void BackwardFrom(ReadOnlySpan<double> theta, int top, ReadOnlySpan<double> b, Span<double> gradient)
    {
        int n0 = _widths[0];
        double[] next = b.Overlaps(_back0) ? _back1 : _back0, spare = next == _back0 ? _back1 : _back0;
        for (int j = top; j >= 1; j--)
        {
            var g = _slots[j].Of(gradient);
            if (j == 1)
            {
                b.CopyTo(g);
                break;
            }
            Gemm.NT(_widths[j], _widths[j - 1], n0, 1, b, _prefix[j - 1], 0, g);
            var below = next.AsSpan(0, _widths[j - 1] * n0);
            Gemm.TN(_widths[j - 1], n0, _widths[j], 1, Layer(theta, j), b, 0, below);
            b = below;
            (next, spare) = (spare, next);
        }
    }

    /// <summary>After the top products (∂/∂W_N written, B_{N−1}ᵀ in _back0): level N−1 with transposed operands, then the rest.</summary>
    private void BelowTop(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int n0 = _widths[0], h = _widths[Depth - 1];
        var bt = _back0.AsSpan(0, n0 * h);
        if (Depth == 2)
        {
            Transpose(bt, n0, h, _slots[1].Of(gradient));
            return;
        }
        int below = _widths[Depth - 2];
        Gemm.TT(h, below, n0, 1, bt, _prefix[Depth - 2], 0, _slots[Depth - 1].Of(gradient));
        var b = _back1.AsSpan(0, below * n0);
        Gemm.TT(below, n0, h, 1, Layer(theta, Depth - 1), bt, 0, b);
        BackwardFrom(theta, Depth - 2, b, gradient);
    }

    /// <summary>values[k] = (W_N · W_{N−1:1})[i_k, j_k]: one dot product of W_N's row with (W_{N−1:1})ᵀ's row per entry.</summary>
    public void EndAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, Span<double> values)
    {
        int n0 = _widths[0], size = _widths[Depth] * n0;
        CheckIndices(linearIndices, size);
        if (Depth == 1)
        {
            var w1 = Layer(theta, 1);
            for (int k = 0; k < linearIndices.Length; k++) values[k] = w1[linearIndices[k]];
            return;
        }
        int h = _widths[Depth - 1];
        ForwardBelowTop(theta);
        var top = Layer(theta, Depth);
        var prefixT = _prefixT.AsSpan(0, n0 * h);
        for (int k = 0; k < linearIndices.Length; k++)
        {
            int t = linearIndices[k], i = t / n0, j = t - i * n0;
            values[k] = TensorPrimitives.Dot(top.Slice(i * h, h), prefixT.Slice(j * h, h));
        }
    }

    /// <summary>W_{N−1:1} (prefix products up to N−1) and its transpose, for the observed-entries path.</summary>
    private void ForwardBelowTop(ReadOnlySpan<double> theta)
    {
        int n0 = _widths[0];
        Layer(theta, 1).CopyTo(_prefix[1]);
        for (int j = 2; j < Depth; j++)
            Gemm.NN(_widths[j], n0, _widths[j - 1], 1, Layer(theta, j), _prefix[j - 1], 0, _prefix[j]);
        Transpose(_prefix[Depth - 1].AsSpan(0, _widths[Depth - 1] * n0), _widths[Depth - 1], n0, _prefixT);
    }

    public void BackwardAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, ReadOnlySpan<double> entryGradients, Span<double> gradient)
    {
        if (Depth >= 2) ForwardBelowTop(theta);
        BackwardAtAfterEndAt(theta, linearIndices, entryGradients, gradient);
    }

    /// <summary>
    /// ∂/∂W_N = G·(W_{N−1:1})ᵀ and B_{N−1} = W_Nᵀ·G over the listed entries (grouped by row and by column with stable
    /// counting sorts, so repeated indices add), then the dense levels below; reuses EndAt's W_{N−1:1}.
    /// </summary>
    public void BackwardAtAfterEndAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, ReadOnlySpan<double> entryGradients, Span<double> gradient)
    {
        int n0 = _widths[0], rows = _widths[Depth], m = linearIndices.Length;
        CheckIndices(linearIndices, rows * n0);
        if (Depth == 1)
        {
            var g1 = _slots[1].Of(gradient);
            g1.Clear();
            for (int k = 0; k < m; k++) g1[linearIndices[k]] += entryGradients[k];
            return;
        }
        if (_byRow.Length < m)
        {
            _byRow = new int[m];
            _byColumn = new int[m];
            _rowValues = new double[m];
            _columnValues = new double[m];
        }
        int h = _widths[Depth - 1];
        // Row order: stable counting sort by i (a no-op permutation for Ω in increasing order).
        var rowStart = _rowStart;
        Array.Clear(rowStart);
        for (int k = 0; k < m; k++) rowStart[linearIndices[k] / n0 + 1]++;
        for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
        for (int k = 0; k < m; k++)
        {
            int t = linearIndices[k], i = t / n0, slot = rowStart[i]++;
            _byRow[slot] = t - i * n0;
            _rowValues[slot] = entryGradients[k];
        }
        var gw = _slots[Depth].Of(gradient);
        for (int i = 0, start = 0; i < rows; i++)
        {
            int end = rowStart[i];
            Combine(_rowValues.AsSpan(start, end - start), _byRow.AsSpan(start, end - start), _prefixT, h, gw.Slice(i * h, h));
            start = end;
        }
        // Column order: stable counting sort by j.
        var columnStart = _columnStart;
        Array.Clear(columnStart);
        for (int k = 0; k < m; k++) columnStart[linearIndices[k] % n0 + 1]++;
        for (int j = 0; j < n0; j++) columnStart[j + 1] += columnStart[j];
        for (int k = 0; k < m; k++)
        {
            int t = linearIndices[k], j = t % n0, slot = columnStart[j]++;
            _byColumn[slot] = t / n0;
            _columnValues[slot] = entryGradients[k];
        }
        var top = Layer(theta, Depth);
        var back = _back0.AsSpan(0, n0 * h);
        for (int j = 0, start = 0; j < n0; j++)
        {
            int end = columnStart[j];
            Combine(_columnValues.AsSpan(start, end - start), _byColumn.AsSpan(start, end - start), top, h, back.Slice(j * h, h));
            start = end;
        }
        BelowTop(theta, gradient);
    }

    private static void CheckIndices(ReadOnlySpan<int> linearIndices, int size)
    {
        foreach (int t in linearIndices)
            if ((uint)t >= (uint)size) throw new ArgumentOutOfRangeException(nameof(linearIndices), $"Entry {t} is outside an end matrix of {size} entries.");
    }

    /// <summary>
    /// The two products with the end gradient G at the top level, ∂/∂W_N = G·(W_{N−1:1})ᵀ and B_{N−1} = W_Nᵀ·G, over
    /// G's nonzero entries only, when G is sparse (at most a quarter nonzero: a completion loss's gradient) —
    /// the same sums without their zero terms. Only taken when W_N and W_{N−1:1} are finite, so that each skipped
    /// term is an exact zero and NaN/∞ propagate exactly as in the dense product (a NaN or ∞ in G is a nonzero).
    /// Writes ∂/∂W_N into the gradient and B_{N−1}ᵀ (n_0 × n_{N−1}) into <paramref name="bt"/>; false: not taken.
    /// </summary>
    private bool SparseTop(ReadOnlySpan<double> theta, ReadOnlySpan<double> g, Span<double> gradient, double[] bt)
    {
        if (!Vector256.IsHardwareAccelerated) return false;
        int rows = _widths[Depth], h = _widths[Depth - 1], n0 = _widths[0];
        int nnz = Nonzeros(g, _nonzeros, g.Length / 4);
        if (nnz < 0) return false;
        var prefix = _prefix[Depth - 1].AsSpan(0, h * n0);
        var w = Layer(theta, Depth);
        if (!AllFinite(prefix) || !AllFinite(w)) return false;
        Transpose(prefix, h, n0, _prefixT);
        var gw = _slots[Depth].Of(gradient);
        var back = bt.AsSpan(0, n0 * h);
        // ∂W_N[i,:] = Σ_{j: G[i,j]≠0} G[i,j]·(W_{N−1:1})ᵀ[j,:] (row i's nonzeros are contiguous in _nonzeros).
        int e = 0;
        for (int i = 0; i < rows; i++)
        {
            int start = e;
            for (; e < nnz && _nonzeros[e] < (i + 1) * n0; e++)
            {
                _index[e] = _nonzeros[e] - i * n0;
                _values[e] = g[_nonzeros[e]];
            }
            Combine(_values.AsSpan(start, e - start), _index.AsSpan(start, e - start), _prefixT, h, gw.Slice(i * h, h));
        }
        // B_{N−1}ᵀ[j,:] = Σ_{i: G[i,j]≠0} G[i,j]·W_N[i,:], with the nonzeros regrouped by column (counting sort, stable).
        var columnStart = _columnStart;
        Array.Clear(columnStart);
        for (int k = 0; k < nnz; k++) columnStart[_nonzeros[k] % n0 + 1]++;
        for (int j = 0; j < n0; j++) columnStart[j + 1] += columnStart[j];
        for (int k = 0; k < nnz; k++)
        {
            int t = _nonzeros[k];
            int slot = columnStart[t % n0]++;
            _index[slot] = t / n0;
            _values[slot] = g[t];
        }
        for (int j = n0; j > 0; j--) columnStart[j] = columnStart[j - 1];
        columnStart[0] = 0;
        for (int j = 0; j < n0; j++)
        {
            int start = columnStart[j], count = columnStart[j + 1] - start;
            Combine(_values.AsSpan(start, count), _index.AsSpan(start, count), w, h, back.Slice(j * h, h));
        }
        return true;
    }

    /// <summary>
    /// dest = Σ_e values[e]·source[rows[e], :] (rows of width h), with the accumulators held in registers across
    /// the terms (terms in the listed order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine(ReadOnlySpan<double> values, ReadOnlySpan<int> rows, ReadOnlySpan<double> source, int h, Span<double> dest)
    {
        ref double src = ref MemoryMarshal.GetReference(source);
        ref double dst = ref MemoryMarshal.GetReference(dest);
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c + 32 <= h; c += 32)
            {
                Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int e = 0; e < rows.Length; e++)
                {
                    var x = Vector512.Create(values[e]);
                    ref double row = ref Unsafe.Add(ref src, rows[e] * h + c);
                    a0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref row), a0);
                    a1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref row, 8), a1);
                    a2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref row, 16), a2);
                    a3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref row, 24), a3);
                }
                a0.StoreUnsafe(ref dst, (nuint)c);
                a1.StoreUnsafe(ref dst, (nuint)c + 8);
                a2.StoreUnsafe(ref dst, (nuint)c + 16);
                a3.StoreUnsafe(ref dst, (nuint)c + 24);
            }
        }
        for (; c + 16 <= h; c += 16)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int e = 0; e < rows.Length; e++)
            {
                var x = Vector256.Create(values[e]);
                ref double row = ref Unsafe.Add(ref src, rows[e] * h + c);
                a0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref row), a0);
                a1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref row, 4), a1);
                a2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref row, 8), a2);
                a3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref row, 12), a3);
            }
            a0.StoreUnsafe(ref dst, (nuint)c);
            a1.StoreUnsafe(ref dst, (nuint)c + 4);
            a2.StoreUnsafe(ref dst, (nuint)c + 8);
            a3.StoreUnsafe(ref dst, (nuint)c + 12);
        }
        for (; c + 4 <= h; c += 4)
        {
            Vector256<double> a0 = default;
            for (int e = 0; e < rows.Length; e++)
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(values[e]), Vector256.LoadUnsafe(ref Unsafe.Add(ref src, rows[e] * h + c)), a0);
            a0.StoreUnsafe(ref dst, (nuint)c);
        }
        for (; c < h; c++)
        {
            double a0 = 0;
            for (int e = 0; e < rows.Length; e++) a0 += values[e] * Unsafe.Add(ref src, rows[e] * h + c);
            Unsafe.Add(ref dst, c) = a0;
        }
    }

    /// <summary>Flat indices of the entries of <paramref name="g"/> that are not ±0 (NaN included), in order; −1 when more than <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Nonzeros(ReadOnlySpan<double> g, int[] indices, int limit)
    {
        int count = 0, t = 0;
        ref double gRef = ref MemoryMarshal.GetReference(g);
        for (; t + 4 <= g.Length; t += 4)
        {
            uint bits = ~Vector256.Equals(Vector256.LoadUnsafe(ref gRef, (nuint)t), Vector256<double>.Zero).ExtractMostSignificantBits() & 0xF;
            if (bits == 0) continue;
            if (count + 4 > limit + 4) return -1;
            while (bits != 0)
            {
                indices[count++] = t + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        for (; t < g.Length; t++)
            if (g[t] != 0 || double.IsNaN(g[t])) indices[count++] = t;
        return count > limit ? -1 : count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        var acc = Vector256<double>.Zero;   // x − x is 0 for finite x, NaN for ±∞ and NaN
        int t = 0;
        ref double r = ref MemoryMarshal.GetReference(x);
        for (; t + 4 <= x.Length; t += 4)
        {
            var v = Vector256.LoadUnsafe(ref r, (nuint)t);
            acc += v - v;
        }
        bool finite = Vector256.EqualsAll(acc, Vector256<double>.Zero);
        for (; t < x.Length; t++) finite &= double.IsFinite(x[t]);
        return finite;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ReadOnlySpan<double> a, int rows, int cols, Span<double> at)
    {
        const int Block = 8;
        for (int i0 = 0; i0 < rows; i0 += Block)
            for (int j0 = 0; j0 < cols; j0 += Block)
            {
                int i1 = Math.Min(rows, i0 + Block), j1 = Math.Min(cols, j0 + Block);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        at[j * rows + i] = a[i * cols + j];
            }
    }

    public IFactorization Clone() => new DeepMatrixFactorization(_widths);
}
