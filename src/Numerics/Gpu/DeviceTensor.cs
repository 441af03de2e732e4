namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// A per-problem tensor of a <see cref="DeviceProgram"/>: a row-major Rows × Columns block at an offset of a
/// <see cref="Gpu.Segment"/> (a vector is n × 1). The same block with another shape of equal size is the same tensor.
/// </summary>
public readonly record struct DeviceTensor(Segment Segment, int Offset, int Rows, int Columns)
{
    public int Size => Rows * Columns;

    public DeviceTensor Reshape(int rows, int columns) =>
        rows * columns == Size ? this with { Rows = rows, Columns = columns }
            : throw new ArgumentException($"Cannot view a {Rows}×{Columns} tensor as {rows}×{columns}.");

    public override string ToString() => $"{Segment}@{Offset}[{Rows}×{Columns}]";
}

/// <summary>
/// An index list of a <see cref="OpCode.Gather"/> (Count entries, each a source row or column in [0, Sources)), with its
/// inverse in CSR form for the adjoint <see cref="OpCode.ScatterAdd"/>: for source i, the positions e with list[e] = i
/// are entries[starts[i] .. starts[i+1]), increasing. Shared lists are structural (the model's); per-problem lists come
/// from each problem's loss (the observed entries Ω).
/// </summary>
public sealed record IndexList(IntSegment Segment, int Offset, int Count, int Sources, int Starts, int Entries)
{
    /// <summary>The inverse of <paramref name="list"/> (values in [0, sources)) as CSR: starts (sources + 1) and entries (list.Length).</summary>
    public static void Invert(ReadOnlySpan<int> list, int sources, Span<int> starts, Span<int> entries)
    {
        starts[..(sources + 1)].Clear();
        foreach (int i in list)
        {
            if ((uint)i >= (uint)sources) throw new ArgumentOutOfRangeException(nameof(list), $"Index {i} is outside 0..{sources - 1}.");
            starts[i + 1]++;
        }
        for (int i = 0; i < sources; i++) starts[i + 1] += starts[i];
        Span<int> next = sources <= 1024 ? stackalloc int[sources] : new int[sources];
        starts[..sources].CopyTo(next);
        for (int e = 0; e < list.Length; e++) entries[next[list[e]]++] = e;
    }
}
