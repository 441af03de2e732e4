using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// The one forward and gradient code of CP factorizations (theory.md §5.1): <see cref="CpFactorization"/> and
/// <see cref="LargeScaleCpFactorization"/>. Entries are given as linear C-order indices (the dense End / Backward list
/// every index in order) or as rows of a multi-index matrix (m × N bytes, row-major: the prediction view of §5.1, where a
/// sample x with N discrete variables is the entry 𝒲_{x_1…x_N}; no Π_n D_n limit). Both decode into the same walk:
/// <list type="bullet">
/// <item>forward 𝒲_i = Σ_r Π_n w_r^n[i_n];</item>
/// <item>backward ∂/∂w_r^n[j] Σ_e g_e·𝒲_{i(e)} = Σ_{e : i_n(e) = j} g_e·Π_{n'≠n} w_r^{n'}[i_{n'}(e)], i.e. §5.1's GF
/// velocity ∇ℒ contracted with the other vectors of component r, for ∇ℒ = g_e on the listed entries and 0 elsewhere.</item>
/// </list>
/// Layout: every factor is copied transposed, row i of mode n = (w_1^n[i], …, w_R^n[i]) zero-padded to a multiple
/// of Vector&lt;double&gt;.Count, so every operation is elementwise over the components r and vectorized.
/// Walk: the entries are the leaves of the trie of their multi-indices (a depth-k node is a prefix i_1 … i_k).
/// Forward keeps the prefix products P_k = Π_{n&lt;k} w^n[i_n] of the current path (P_0 = 1) and recomputes only
/// those below the first mode where an entry differs from the previous one; the entry is ⟨P_{N−1}, w^{N−1}[i_{N−1}]⟩.
/// Backward keeps per depth k the accumulator H_k = Σ_{e below the current depth-k node} g_e·Π_{n≥k} w^n[i_n(e)]:
/// a leaf adds g_e·P_{N−1} to row i_{N−1} of the last mode's gradient and g_e·w^{N−1}[i_{N−1}] to H_{N−1}; closing
/// a depth-(k+1) node adds P_k ⊙ H_{k+1} to row i_k of mode k's gradient and w^k[i_k] ⊙ H_{k+1} to H_k. The leaves of a
/// depth-(N−1) node (a run: entries differing in i_N only) are done in one pass that forms P_{N−1} and H_{N−1} in registers
/// and closes the node (<see cref="Run"/>).
/// Cost per entry and direction: ≈ 2N multiply-adds per component for isolated entries, ≈ 2 for all entries in
/// C order (the cost of a dense contraction); increasing indices share the most.
/// Blocking: batches of decoded entries (fewer for long multi-indices, so that the decoded paths stay in cache); within
/// a batch, chunks of components (row slices sized by <see cref="CacheDoubles"/>) so that the touched rows stay in
/// cache. The walk state is elementwise in r, so each chunk runs the same walk on its own slice. Deterministic: a fixed order of operations for a given Vector&lt;double&gt;.Count.
/// Second walk (<see cref="CpWalk.EntryLanes"/>, multi-index rows only; CpEntryKernel.EntryLanes.cs): entries in the lanes
/// instead of components, for long multi-indices over small modes with few components (TF-E3: N = 784, D = 2, R ≤ 15),
/// where component lanes sit mostly empty and the trie's prefix chain is latency-bound.
/// Owns its scratch: allocation-free, not thread-safe.
/// </summary>
internal sealed partial class CpEntryKernel
{
    /// <summary>Entries per batch for orders up to 64; longer multi-indices get fewer (the path holds batch × N offsets).</summary>
    private const int MaxBatch = 256;

    /// <summary>Path offsets per batch beyond order 64: a batch's decoded paths stay within 64 KiB (N = 784: 20 entries).</summary>
    private const int PathInts = 16384;

    /// <summary>
    /// Doubles of rows one chunk of components may touch (512 KiB, within a per-core L2). Measured at N=4, D=10,
    /// R=1000 (CPU time, objective step on 2000 observed entries): chunks of 64 / 128 / 256 / 504 / 1000 components
    /// 1.93 / 1.80 / 1.74 / 1.69 / 1.59 ms — per-entry work per chunk outweighs L1 blocking; the bound keeps large
    /// problems (many or long rows) out of memory bandwidth.
    /// </summary>
    private const int CacheDoubles = 65536;

    private static readonly int Lanes = Vector<double>.Count;

    private readonly int[] _dims;
    private readonly int[] _thetaOffsets;   // θ offset of W_n (R × D_n, row-major)
    private readonly int _order, _rank, _stride, _batch;
    private readonly long _size;            // Π D_n, saturated at long.MaxValue (only the linear-index paths need it)
    private readonly int _chunk;            // components per chunk, a multiple of Lanes
    private readonly int[] _modeBase;       // offset of mode n's row 0 in _rows and _gradients
    private readonly int _ones;             // offset of a row of ones (P_0)
    private readonly int _prefixBase;       // P_k (k ≥ 2) at _prefixBase + k·stride; P_1 is a factor row
    private readonly double[] _rows;        // transposed factors | ones | prefix products
    private readonly double[] _gradients;   // transposed gradient, same offsets as the factors
    private readonly double[] _accumulators;// H_k at k·stride (k = 1 … N−1)
    private readonly int[] _path;           // (batch + 1) × N row offsets; slot 0: the entry before the batch
    private readonly int[] _levels;         // per batch entry: first mode where it differs from the previous one (N: none)
    private readonly int[] _previous;       // multi-index of the previous entry
    private readonly bool[] _fresh, _freshSaved; // backward: H_k not written since its node opened

    public CpEntryKernel(int[] dims, int rank, int[] thetaOffsets, CpWalk walk = CpWalk.Trie)
    {
        if (walk == CpWalk.EntryLanes && dims.Any(d => d > MaxLaneModeSize))
            throw new ArgumentException($"The entry-lane walk takes mode sizes up to {MaxLaneModeSize}, got [{string.Join(", ", dims)}].", nameof(dims));
        Walk = walk;
        _dims = dims;
        _thetaOffsets = thetaOffsets;
        _order = dims.Length;
        _rank = rank;
        _stride = (rank + Lanes - 1) / Lanes * Lanes;
        _size = 1;
        foreach (int d in dims) _size = _size > long.MaxValue / d ? long.MaxValue : _size * d;
        _batch = Math.Clamp(PathInts / _order, 16, MaxBatch);
        _modeBase = new int[_order];
        int rows = 0;
        for (int n = 0; n < _order; n++)
        {
            _modeBase[n] = rows * _stride;
            rows += dims[n];
        }
        // Rows touched per component: factors and gradients, prefixes, accumulators, ones; chunks of equal size.
        int touched = 2 * rows + 2 * _order + 1;
        int maxChunk = Math.Max(Lanes, CacheDoubles / touched / Lanes * Lanes);
        int chunks = (_stride + maxChunk - 1) / maxChunk;
        _chunk = ((_stride + chunks - 1) / chunks + Lanes - 1) / Lanes * Lanes;
        _ones = rows * _stride;
        _prefixBase = _ones + _stride;
        _rows = new double[_prefixBase + _order * _stride];
        _rows.AsSpan(_ones, _stride).Fill(1);
        _gradients = new double[_ones];
        _accumulators = new double[_order * _stride];
        _path = new int[(_batch + 1) * _order];
        _levels = new int[_batch];
        _previous = new int[_order];
        _fresh = new bool[_order];
        _freshSaved = new bool[_order];
        if (walk == CpWalk.EntryLanes) (_maskBase, _laneMasks, _lanePrefix, _laneGradients, _binary) = AllocateLanes();
        else (_maskBase, _laneMasks, _lanePrefix, _laneGradients, _binary) = ([], [], [], [], false);
    }

    public CpWalk Walk { get; }

    /// <summary>values[k] = 𝒲[indices[k]] for k &lt; count, or for every entry in C order when <paramref name="all"/>.</summary>
    public void Forward(ReadOnlySpan<double> theta, ReadOnlySpan<int> indices, bool all, Span<double> values) =>
        Forward(theta, Linear(indices, all), values);

    /// <summary>
    /// gradient = ∇_θ Σ_k entryGradients[k]·𝒲[indices[k]] (θ layout), or over every entry in C order when
    /// <paramref name="all"/> (then entryGradients is the dense end gradient).
    /// </summary>
    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<int> indices, bool all, ReadOnlySpan<double> entryGradients, Span<double> gradient) =>
        Backward(theta, Linear(indices, all), entryGradients, gradient);

    /// <summary>
    /// values[k] = 𝒲[x_k] for the multi-indices x_k = row rows[k] of <paramref name="multiIndices"/> (m × N bytes,
    /// row-major; x_k[n] &lt; D_n). Rows in lexicographic order of their multi-indices share the most work.
    /// </summary>
    public void Forward(ReadOnlySpan<double> theta, ReadOnlySpan<byte> multiIndices, ReadOnlySpan<int> rows, Span<double> values)
    {
        if (Walk == CpWalk.EntryLanes) LaneForward(theta, Multi(multiIndices, rows), values);
        else Forward(theta, Multi(multiIndices, rows), values);
    }

    /// <summary>gradient = ∇_θ Σ_k entryGradients[k]·𝒲[x_k] for the multi-indices x_k = row rows[k] of <paramref name="multiIndices"/>.</summary>
    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<byte> multiIndices, ReadOnlySpan<int> rows, ReadOnlySpan<double> entryGradients, Span<double> gradient)
    {
        if (Walk == CpWalk.EntryLanes) LaneBackward(theta, Multi(multiIndices, rows), entryGradients, gradient);
        else Backward(theta, Multi(multiIndices, rows), entryGradients, gradient);
    }

    /// <summary>
    /// The entries of one call: every entry in C order (<see cref="All"/>), linear indices, or the rows
    /// <see cref="Indices"/> of the multi-index matrix <see cref="MultiIndices"/> (m × N, row-major).
    /// </summary>
    private readonly ref struct Entries(ReadOnlySpan<int> indices, ReadOnlySpan<byte> multiIndices, bool all, bool multi, int count)
    {
        public readonly ReadOnlySpan<int> Indices = indices;
        public readonly ReadOnlySpan<byte> MultiIndices = multiIndices;
        public readonly bool All = all, IsMulti = multi;
        public readonly int Count = count;
    }

    private Entries Linear(ReadOnlySpan<int> indices, bool all)
    {
        if (all && _size > int.MaxValue)
            throw new InvalidOperationException($"A CP tensor of shape [{string.Join("×", _dims)}] has more than 2^31 entries; evaluate it at multi-indices.");
        return new Entries(indices, [], all, multi: false, all ? (int)_size : indices.Length);
    }

    private Entries Multi(ReadOnlySpan<byte> multiIndices, ReadOnlySpan<int> rows)
    {
        if (multiIndices.Length % _order != 0)
            throw new ArgumentException($"A multi-index matrix of {multiIndices.Length} bytes is not a whole number of rows of N = {_order}.", nameof(multiIndices));
        return new Entries(rows, multiIndices, all: false, multi: true, rows.Length);
    }

    private void Forward(ReadOnlySpan<double> theta, scoped in Entries entries, Span<double> values)
    {
        int count = entries.Count;
        if (values.Length < count) throw new ArgumentException($"{values.Length} values for {count} entries.", nameof(values));
        LoadFactors(theta);
        int last = _order - 1;
        for (int start = 0; start < count; start += _batch)
        {
            int b = Math.Min(_batch, count - start);
            Decode(entries, start, b);
            var batch = values.Slice(start, b);
            for (int r0 = 0; r0 < _stride; r0 += _chunk)
            {
                int c = Math.Min(_chunk, _stride - r0);
                for (int e = 0; e < b; e++)
                {
                    int slot = (e + 1) * _order;
                    UpdatePrefixes(slot, _levels[e], last, r0, c);
                    double v = Dot(ref Row(PrefixRow(last, slot) + r0), ref Row(_path[slot + last] + r0), c);
                    batch[e] = r0 == 0 ? v : batch[e] + v;
                }
            }
        }
    }

    private void Backward(ReadOnlySpan<double> theta, scoped in Entries entries, ReadOnlySpan<double> entryGradients, Span<double> gradient)
    {
        int count = entries.Count;
        if (entryGradients.Length < count) throw new ArgumentException($"{entryGradients.Length} entry gradients for {count} entries.", nameof(entryGradients));
        LoadFactors(theta);
        Array.Clear(_gradients);
        if (_order == 1)
        {
            // ∂/∂w_r[i] Σ_e g_e w_r[i_e] = Σ_{e : i_e = i} g_e for every r (path slot e + 1 holds row i_e).
            for (int start = 0; start < count; start += _batch)
            {
                int size = Math.Min(_batch, count - start);
                Decode(entries, start, size);
                for (int e = 0; e < size; e++)
                    Axpy(entryGradients[start + e], ref Row(_ones), ref GradientRow(_path[e + 1]), _stride);
            }
            StoreGradient(gradient);
            return;
        }
        int last = _order - 1, b = 0;
        for (int start = 0; start < count; start += _batch)
        {
            b = Math.Min(_batch, count - start);
            int nextLevel = Decode(entries, start, b);
            var g = entryGradients.Slice(start, b);
            _fresh.CopyTo(_freshSaved, 0);
            for (int r0 = 0; r0 < _stride; r0 += _chunk)
            {
                int c = Math.Min(_chunk, _stride - r0);
                _freshSaved.CopyTo(_fresh, 0);
                for (int e = 0; e < b;)
                {
                    // A run: entries e … e + length − 1 under one depth-(N−1) node (same i_1 … i_{N−1}).
                    int slot = (e + 1) * _order, level = _levels[e], length = 1;
                    while (e + length < b && _levels[e + length] >= last) length++;
                    if (level < last)
                    {
                        if (start + e > 0)
                            for (int d = last - 1; d > level; d--) Close(d, slot - _order, r0, c);
                        for (int d = level + 1; d < _order; d++) _fresh[d] = true;
                        UpdatePrefixes(slot, level, last - 1, r0, c);
                    }
                    Run(slot, g.Slice(e, length), closes: e + length < b || nextLevel < last, r0, c);
                    e += length;
                }
            }
        }
        if (count > 0)
        {
            // Close the rest of the last path (depths N−2 … 1); the walk state is the same in every chunk.
            _fresh.CopyTo(_freshSaved, 0);
            for (int r0 = 0; r0 < _stride; r0 += _chunk)
            {
                int c = Math.Min(_chunk, _stride - r0);
                _freshSaved.CopyTo(_fresh, 0);
                for (int d = last - 1; d > 0; d--) Close(d, b * _order, r0, c);
            }
        }
        StoreGradient(gradient);
    }

    private ref double Row(int offset) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rows), offset);
    private ref double GradientRow(int offset) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_gradients), offset);
    private ref double Accumulator(int k, int r0) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_accumulators), k * _stride + r0);

    /// <summary>Offset in _rows of P_k for the entry in path slot <paramref name="slot"/>.</summary>
    private int PrefixRow(int k, int slot) => k switch
    {
        0 => _ones,
        1 => _path[slot],
        _ => _prefixBase + k * _stride,
    };

    /// <summary>P_k = P_{k−1} ⊙ w^{k−1}[i_{k−1}] for the depths 2 ≤ k ≤ <paramref name="deepest"/> below the entry's first changed mode.</summary>
    private void UpdatePrefixes(int slot, int level, int deepest, int r0, int c)
    {
        for (int k = Math.Max(level + 1, 2); k <= deepest; k++)
            Multiply(ref Row(PrefixRow(k - 1, slot) + r0), ref Row(_path[slot + k - 1] + r0), ref Row(_prefixBase + k * _stride + r0), c);
    }

    /// <summary>
    /// The leaves of one depth-(N−1) node (path slots slot, slot + N, …; q = N − 2, P_{N−1} = P_q ⊙ w^q[i_q] formed on the
    /// fly): row i_{N−1} of the last mode's gradient += g_e·P_{N−1} per leaf; h = H_{N−1} + Σ_e g_e·w^{N−1}[i_{N−1}(e)].
    /// When the node <paramref name="closes"/> (its last leaf is in this run), the close is fused: row i_q of mode q's
    /// gradient += P_q ⊙ h and H_q += w^q[i_q] ⊙ h (q ≥ 1); otherwise h is kept in H_{N−1} for the next batch.
    /// </summary>
    private void Run(int slot, ReadOnlySpan<double> g, bool closes, int r0, int c)
    {
        int last = _order - 1, q = last - 1, qRow = _path[slot + q], length = g.Length;
        ref double pq = ref Row(PrefixRow(q, slot) + r0);
        ref double wq = ref Row(qRow + r0);
        ref double gradientQ = ref GradientRow(qRow + r0);
        ref double hq = ref Accumulator(q, r0);
        ref double hLast = ref Accumulator(last, r0);
        ref int leafRows = ref _path[slot + last];
        ref double gs = ref MemoryMarshal.GetReference(g);
        ref double rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        ref double gradients = ref MemoryMarshal.GetArrayDataReference(_gradients);
        bool continuing = !_fresh[last], hasHq = q >= 1, hqFresh = _fresh[q];
        int order = _order, i = 0;
        // Two vectors per step, so that each leaf's row and gradient are read once per 2·Lanes components.
        for (; i + 2 * Lanes <= c; i += 2 * Lanes)
        {
            nuint a0 = (nuint)i, a1 = (nuint)(i + Lanes);
            var p0 = Vector.LoadUnsafe(ref pq, a0) * Vector.LoadUnsafe(ref wq, a0);
            var p1 = Vector.LoadUnsafe(ref pq, a1) * Vector.LoadUnsafe(ref wq, a1);
            var h0 = continuing ? Vector.LoadUnsafe(ref hLast, a0) : Vector<double>.Zero;
            var h1 = continuing ? Vector.LoadUnsafe(ref hLast, a1) : Vector<double>.Zero;
            for (int k = 0; k < length; k++)
            {
                nuint row = (nuint)(Unsafe.Add(ref leafRows, k * order) + r0 + i);
                var gk = new Vector<double>(Unsafe.Add(ref gs, k));
                ref double gradient = ref Unsafe.Add(ref gradients, row);
                ref double w = ref Unsafe.Add(ref rows, row);
                Vector.FusedMultiplyAdd(gk, p0, Vector.LoadUnsafe(ref gradient)).StoreUnsafe(ref gradient);
                Vector.FusedMultiplyAdd(gk, p1, Vector.LoadUnsafe(ref gradient, (nuint)Lanes)).StoreUnsafe(ref gradient, (nuint)Lanes);
                h0 = Vector.FusedMultiplyAdd(gk, Vector.LoadUnsafe(ref w), h0);
                h1 = Vector.FusedMultiplyAdd(gk, Vector.LoadUnsafe(ref w, (nuint)Lanes), h1);
            }
            FinishRun(ref pq, ref wq, ref gradientQ, ref hq, ref hLast, a0, h0, closes, hasHq, hqFresh);
            FinishRun(ref pq, ref wq, ref gradientQ, ref hq, ref hLast, a1, h1, closes, hasHq, hqFresh);
        }
        for (; i < c; i += Lanes)
        {
            nuint at = (nuint)i;
            var p = Vector.LoadUnsafe(ref pq, at) * Vector.LoadUnsafe(ref wq, at);
            var h = continuing ? Vector.LoadUnsafe(ref hLast, at) : Vector<double>.Zero;
            for (int k = 0; k < length; k++)
            {
                nuint row = (nuint)(Unsafe.Add(ref leafRows, k * order) + r0 + i);
                var gk = new Vector<double>(Unsafe.Add(ref gs, k));
                Vector.FusedMultiplyAdd(gk, p, Vector.LoadUnsafe(ref gradients, row)).StoreUnsafe(ref gradients, row);
                h = Vector.FusedMultiplyAdd(gk, Vector.LoadUnsafe(ref rows, row), h);
            }
            FinishRun(ref pq, ref wq, ref gradientQ, ref hq, ref hLast, at, h, closes, hasHq, hqFresh);
        }
        _fresh[last] = closes;
        if (closes && hasHq) _fresh[q] = false;
    }

    /// <summary>The end of <see cref="Run"/> for one vector of components at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishRun(ref double pq, ref double wq, ref double gradientQ, ref double hq, ref double hLast, nuint at, Vector<double> h,
        bool closes, bool hasHq, bool hqFresh)
    {
        if (!closes)
        {
            h.StoreUnsafe(ref hLast, at);
            return;
        }
        Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref pq, at), h, Vector.LoadUnsafe(ref gradientQ, at)).StoreUnsafe(ref gradientQ, at);
        if (!hasHq) return;
        var w = Vector.LoadUnsafe(ref wq, at);
        (hqFresh ? w * h : Vector.FusedMultiplyAdd(w, h, Vector.LoadUnsafe(ref hq, at))).StoreUnsafe(ref hq, at);
    }

    /// <summary>
    /// Closes the depth-d node of the entry in path slot <paramref name="slot"/>, with n = d − 1 and j = i_n:
    /// row j of mode n's gradient += P_n ⊙ H_d; H_n += w^n[j] ⊙ H_d (for n ≥ 1).
    /// </summary>
    private void Close(int d, int slot, int r0, int c)
    {
        int n = d - 1, row = _path[slot + n];
        ref double h = ref Accumulator(d, r0);
        if (n == 0)
        {
            Add(ref h, ref GradientRow(row + r0), c);
            return;
        }
        CloseUpdate(ref Row(PrefixRow(n, slot) + r0), ref Row(row + r0), ref h, ref GradientRow(row + r0), ref Accumulator(n, r0), _fresh[n], c);
        _fresh[n] = false;
    }

    /// <summary>
    /// Path slots 1 … b and levels of entries start … start + b − 1; slot 0 takes the previous batch's last entry.
    /// Returns the level of the entry after the batch (−1 after the last entry).
    /// </summary>
    private int Decode(scoped in Entries entries, int start, int b)
    {
        int n0 = _order, count = entries.Count;
        if (start > 0) Array.Copy(_path, _batch * n0, _path, 0, n0);
        for (int e = 0; e < b; e++)
        {
            int level, slot = (e + 1) * n0;
            if (entries.IsMulti)
            {
                // Multi-index rows: the level is the common prefix with the previous row, whose path slot holds that prefix.
                var x = MultiIndexRow(entries, start + e);
                level = start + e == 0 ? 0 : x.CommonPrefixLength(MultiIndexRow(entries, start + e - 1));
                _path.AsSpan(slot - n0, level).CopyTo(_path.AsSpan(slot, level));
                for (int n = level; n < n0; n++)
                {
                    int i = x[n];
                    if (i >= _dims[n])
                        throw new ArgumentOutOfRangeException(nameof(entries), $"Row {entries.Indices[start + e]}, mode {n}: index {i} is outside 0…{_dims[n] - 1}.");
                    _path[slot + n] = _modeBase[n] + i * _stride;
                }
                _levels[e] = level;
                continue;
            }
            if (entries.All)
            {
                // C-order odometer: the first changed mode is where the carry stops.
                level = 0;
                if (start + e > 0)
                {
                    level = n0 - 1;
                    while (++_previous[level] == _dims[level]) _previous[level--] = 0;
                }
                else Array.Clear(_previous);
            }
            else
            {
                int index = CheckedLinear(entries.Indices[start + e]);
                level = n0;
                for (int n = n0 - 1; n >= 0; n--)
                {
                    int q = index / _dims[n], i = index - q * _dims[n];
                    index = q;
                    if (i != _previous[n]) level = n;
                    _previous[n] = i;
                }
                if (start + e == 0) level = 0;
            }
            _levels[e] = level;
            for (int n = 0; n < n0; n++) _path[slot + n] = _modeBase[n] + _previous[n] * _stride;
        }
        if (b < _batch) Array.Copy(_path, b * n0, _path, _batch * n0, n0);
        if (start + b == count) return -1;
        if (entries.IsMulti) return MultiIndexRow(entries, start + b).CommonPrefixLength(MultiIndexRow(entries, start + b - 1));
        int next = entries.All ? start + b : CheckedLinear(entries.Indices[start + b]), nextLevel = n0;
        for (int n = n0 - 1; n >= 0; n--)
        {
            int q = next / _dims[n];
            if (next - q * _dims[n] != _previous[n]) nextLevel = n;
            next = q;
        }
        return nextLevel;
    }

    private int CheckedLinear(int index) =>
        index >= 0 && index < _size ? index : throw new ArgumentOutOfRangeException("indices", $"Entry index {index} is outside a tensor of {_size} entries.");

    /// <summary>The multi-index of entry k: row Indices[k] of the m × N matrix.</summary>
    private ReadOnlySpan<byte> MultiIndexRow(scoped in Entries entries, int k)
    {
        int row = entries.Indices[k], rows = entries.MultiIndices.Length / _order;
        if ((uint)row >= (uint)rows) throw new ArgumentOutOfRangeException("rows", $"Row {row} is outside a multi-index matrix of {rows} rows.");
        return entries.MultiIndices.Slice(row * _order, _order);
    }

    /// <summary>Row i of mode n ← (W_n[0, i], …, W_n[R−1, i]); the padding stays 0.</summary>
    private void LoadFactors(ReadOnlySpan<double> theta)
    {
        for (int n = 0; n < _order; n++)
        {
            int d = _dims[n];
            var w = theta.Slice(_thetaOffsets[n], _rank * d);
            var rows = _rows.AsSpan(_modeBase[n], d * _stride);
            for (int r = 0; r < _rank; r++)
                for (int i = 0; i < d; i++)
                    rows[i * _stride + r] = w[r * d + i];
        }
    }

    private void StoreGradient(Span<double> gradient)
    {
        for (int n = 0; n < _order; n++)
        {
            int d = _dims[n];
            var g = gradient.Slice(_thetaOffsets[n], _rank * d);
            var rows = _gradients.AsSpan(_modeBase[n], d * _stride);
            for (int r = 0; r < _rank; r++)
                for (int i = 0; i < d; i++)
                    g[r * d + i] = rows[i * _stride + r];
        }
    }

    // Elementwise kernels over c doubles (c a multiple of Lanes).

    private static void Multiply(ref double a, ref double b, ref double result, int c)
    {
        for (int i = 0; i < c; i += Lanes)
            (Vector.LoadUnsafe(ref a, (nuint)i) * Vector.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref result, (nuint)i);
    }

    private static double Dot(ref double a, ref double b, int c)
    {
        var s0 = Vector<double>.Zero;
        var s1 = Vector<double>.Zero;
        int i = 0;
        for (; i + 2 * Lanes <= c; i += 2 * Lanes)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i), s0);
            s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)(i + Lanes)), Vector.LoadUnsafe(ref b, (nuint)(i + Lanes)), s1);
        }
        if (i < c) s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i), s0);
        return Vector.Sum(s0 + s1);
    }

    /// <summary>y += x.</summary>
    private static void Add(ref double x, ref double y, int c)
    {
        for (int i = 0; i < c; i += Lanes)
            (Vector.LoadUnsafe(ref y, (nuint)i) + Vector.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
    }

    /// <summary>y += a·x.</summary>
    private static void Axpy(double a, ref double x, ref double y, int c)
    {
        var av = new Vector<double>(a);
        for (int i = 0; i < c; i += Lanes)
            Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
    }

    /// <summary>gradient += p ⊙ child; h = w ⊙ child (fresh) or h += w ⊙ child.</summary>
    private static void CloseUpdate(ref double p, ref double w, ref double child, ref double gradient, ref double h, bool fresh, int c)
    {
        if (fresh)
            for (int i = 0; i < c; i += Lanes)
            {
                var x = Vector.LoadUnsafe(ref child, (nuint)i);
                Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref p, (nuint)i), x, Vector.LoadUnsafe(ref gradient, (nuint)i)).StoreUnsafe(ref gradient, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) * x).StoreUnsafe(ref h, (nuint)i);
            }
        else
            for (int i = 0; i < c; i += Lanes)
            {
                var x = Vector.LoadUnsafe(ref child, (nuint)i);
                Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref p, (nuint)i), x, Vector.LoadUnsafe(ref gradient, (nuint)i)).StoreUnsafe(ref gradient, (nuint)i);
                Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref w, (nuint)i), x, Vector.LoadUnsafe(ref h, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
            }
    }
}
