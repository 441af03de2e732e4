using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// Builds a <see cref="DeviceProgram"/>: forward ops over θ views (<see cref="Theta"/>), structural and per-problem index
/// lists, per-problem data bound from each problem's loss; then the gradient program by reverse mode
/// (<see cref="FinishGradient"/>) and forward-only quantity programs (<see cref="BeginQuantity"/>, <see cref="EndQuantity"/>).
/// </summary>
public sealed class ProgramBuilder
{
    private readonly int[] _sizes = new int[OpRecord.IntSegmentBase];
    private readonly List<int> _shared = [];
    private int _perProblemInts;
    private readonly List<DeviceProgram.DataBinding> _data = [];
    private readonly List<DeviceProgram.IndexBinding> _lists = [];
    private readonly List<DeviceOp> _ops = [];
    private readonly List<DeviceOp> _program = [];
    private readonly List<DeviceProgram.QuantityRange> _quantities = [];
    private (int First, int Count)? _gradient;
    private int _lossOffset = -1;
    private int _quantityStart = -1;
    private Segment _values = Segment.Values;

    public ProgramBuilder(IFactorization model)
    {
        Model = model;
        _sizes[(int)Segment.Theta] = _sizes[(int)Segment.Gradient] = model.Layout.Size;
    }

    public IFactorization Model { get; }

    /// <summary>Factor <paramref name="slot"/> of θ viewed as a rows × columns matrix (rows·columns = its size).</summary>
    public DeviceTensor Theta(FactorSlot slot, int rows, int columns) => new DeviceTensor(Segment.Theta, slot.Offset, slot.Size, 1).Reshape(rows, columns);

    /// <summary>A fresh block of a segment.</summary>
    public DeviceTensor AllocateIn(Segment segment, int rows, int columns)
    {
        long end = (long)_sizes[(int)segment] + (long)rows * columns;
        if (rows <= 0 || columns <= 0 || end > int.MaxValue) throw new ArgumentException($"A {rows}×{columns} block does not fit the {segment} segment of one problem (at most 2^31 − 1 values).");
        var t = new DeviceTensor(segment, _sizes[(int)segment], rows, columns);
        _sizes[(int)segment] = (int)end;
        return t;
    }

    private DeviceTensor Values(int rows, int columns) => AllocateIn(_values, rows, columns);

    private DeviceTensor Add(DeviceOp op)
    {
        _ops.Add(op);
        return op.Output;
    }

    public DeviceTensor MatMul(DeviceTensor a, DeviceTensor b, bool transposeA = false, bool transposeB = false)
    {
        int m = transposeA ? a.Columns : a.Rows, k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows, n = transposeB ? b.Rows : b.Columns;
        if (k != kb) throw new ArgumentException($"MatMul of op({a}) ({m}×{k}) and op({b}) ({kb}×{n}): inner sizes differ.");
        return Add(new MatMulOp(Values(m, n), a, b, transposeA, transposeB));
    }

    /// <summary>Rows idx[e] of <paramref name="x"/>, or (transposed) its columns idx[e] as rows.</summary>
    public DeviceTensor Gather(DeviceTensor x, IndexList indices, bool transposed = false)
    {
        int sources = transposed ? x.Columns : x.Rows;
        if (indices.Sources != sources) throw new ArgumentException($"An index list over {indices.Sources} sources gathers from {x} with {sources}.");
        return Add(new GatherOp(Values(indices.Count, transposed ? x.Rows : x.Columns), x, indices, transposed));
    }

    public DeviceTensor Multiply(DeviceTensor x, DeviceTensor y, DeviceTensor? into = null)
    {
        if (x.Size != y.Size) throw new ArgumentException($"Multiply of {x} and {y}: sizes differ.");
        return Add(new MultiplyOp(into ?? Values(x.Rows, x.Columns), x, y));
    }

    /// <summary>Row sums (one per row), or column sums when <paramref name="transposed"/>.</summary>
    public DeviceTensor RowSum(DeviceTensor x, bool transposed = false, DeviceTensor? into = null) =>
        Add(new RowSumOp(into ?? Values(transposed ? x.Columns : x.Rows, 1), x, transposed));

    public DeviceTensor Sqrt(DeviceTensor x, DeviceTensor? into = null) => Add(new SqrtOp(into ?? Values(x.Rows, x.Columns), x));

    public DeviceTensor Subtract(DeviceTensor x, DeviceTensor y) => Add(new SubtractOp(Values(x.Rows, x.Columns), x, y));

    public DeviceTensor Determinant(DeviceTensor x, DeviceTensor? into = null)
    {
        if (x.Rows != x.Columns) throw new ArgumentException($"det of a non-square {x}.");
        return Add(new DeterminantOp(into ?? Values(1, 1), x, Values(x.Rows, x.Rows)));
    }

    /// <summary>A structural index list (the same for every problem of the batch).</summary>
    public IndexList SharedIndices(int[] list, int sources)
    {
        int offset = _shared.Count, starts = offset + list.Length, entries = starts + sources + 1;
        var csr = new int[sources + 1 + list.Length];
        IndexList.Invert(list, sources, csr.AsSpan(0, sources + 1), csr.AsSpan(sources + 1));
        _shared.AddRange(list);
        _shared.AddRange(csr);
        return new IndexList(IntSegment.Shared, offset, list.Length, sources, starts, entries);
    }

    /// <summary>A per-problem index list of <paramref name="count"/> entries in [0, sources), computed from each problem's loss.</summary>
    public IndexList ProblemIndices(int count, int sources, Func<ILoss, int[]> bind)
    {
        int offset = _perProblemInts, starts = offset + count, entries = starts + sources + 1;
        _perProblemInts = entries + count;
        var list = new IndexList(IntSegment.PerProblem, offset, count, sources, starts, entries);
        _lists.Add(new DeviceProgram.IndexBinding(list, bind));
        return list;
    }

    /// <summary>A per-problem block of <paramref name="length"/> values, filled from each problem's loss.</summary>
    public DeviceTensor ProblemData(int rows, int columns, Action<ILoss, Span<double>> bind)
    {
        var t = AllocateIn(Segment.Data, rows, columns);
        _data.Add(new DeviceProgram.DataBinding(t, bind));
        return t;
    }

    /// <summary>ℒ = s·Σ(v − y)²; <paramref name="targets"/> holds y, then s, then w (theory.md §5.1, <see cref="LossNormalization"/>).</summary>
    public SquaredErrorOp SquaredError(DeviceTensor v, DeviceTensor targets)
    {
        if (targets.Size != v.Size + 2) throw new ArgumentException($"Targets {targets} must hold y ({v.Size}), s and w.");
        var op = new SquaredErrorOp(Values(1, 1), v, targets);
        _ops.Add(op);
        return op;
    }

    /// <summary>Closes the forward ops ending at <paramref name="loss"/> and appends their derived backward ops.</summary>
    public void FinishGradient(SquaredErrorOp loss)
    {
        if (_gradient is not null) throw new InvalidOperationException("The gradient program is already finished.");
        if (!ReferenceEquals(_ops[^1], loss)) throw new InvalidOperationException("The loss must be the last forward op.");
        var backward = ReverseMode.Derive(this, _ops, loss, Model.Layout.Factors.Select(f => (f.Offset, f.Size)));
        _gradient = (_program.Count, _ops.Count + backward.Count);
        _program.AddRange(_ops);
        _program.AddRange(backward);
        _lossOffset = loss.Output.Offset;
        _ops.Clear();
    }

    /// <summary>Starts a forward-only quantity program (its intermediates go to <see cref="Segment.Scratch"/>).</summary>
    public void BeginQuantity()
    {
        if (_ops.Count > 0 || _quantityStart >= 0) throw new InvalidOperationException("Finish the current program first.");
        _values = Segment.Scratch;
        _quantityStart = _program.Count;
    }

    /// <summary>An output block of the quantity being built, copied back to the host at every logged row.</summary>
    public DeviceTensor Output(int length) => AllocateIn(Segment.Outputs, length, 1);

    public void EndQuantity(string name, DeviceTensor output, Action<ReadOnlySpan<double>, Span<double>> finish)
    {
        if (_quantityStart < 0) throw new InvalidOperationException("No quantity program was begun.");
        if (output.Segment != Segment.Outputs) throw new ArgumentException($"A quantity's output must be in the outputs segment, not {output}.");
        _program.AddRange(_ops);
        _quantities.Add(new DeviceProgram.QuantityRange(name, _quantityStart, _program.Count - _quantityStart, output, finish));
        _ops.Clear();
        _quantityStart = -1;
        _values = Segment.Values;
    }

    public DeviceProgram Build()
    {
        if (_gradient is not { } gradient) throw new InvalidOperationException("Build needs the gradient program (FinishGradient).");
        if (_ops.Count > 0) throw new InvalidOperationException("Unfinished ops remain.");
        var encoded = new int[Math.Max(1, _program.Count) * OpRecord.Width];
        for (int i = 0; i < _program.Count; i++) _program[i].Encode(encoded.AsSpan(i * OpRecord.Width, OpRecord.Width));
        return new DeviceProgram(Model, encoded, _program.Count, gradient, _lossOffset, [.. _sizes], [.. _shared], _perProblemInts, _data, _lists, _quantities);
    }
}
