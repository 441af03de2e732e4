namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// One generic tensor op of a device program: its encoding for the interpreter (<see cref="OpCode"/>) and its one
/// adjoint rule. Reverse mode (<see cref="ReverseMode"/>) walks the forward ops backwards and asks each op whose
/// output has an adjoint to emit the ops that push it to its inputs; so a model's gradient on the device is derived
/// from its forward op list and never written by hand.
/// </summary>
public abstract record DeviceOp(DeviceTensor Output, bool Accumulate)
{
    public abstract OpCode Code { get; }

    /// <summary>The θ-dependent inputs (the adjoint rule's targets).</summary>
    public abstract IEnumerable<DeviceTensor> Inputs { get; }

    /// <summary>Writes the op's <see cref="OpRecord.Width"/> ints.</summary>
    public void Encode(Span<int> record)
    {
        record[..OpRecord.Width].Clear();
        record[OpRecord.Code] = (int)Code;
        record[OpRecord.Flags] = (Accumulate ? OpRecord.Accumulate : 0) | Flags;
        Put(record, OpRecord.OutSegment, Output);
        EncodeOperands(record);
    }

    protected virtual int Flags => 0;

    protected abstract void EncodeOperands(Span<int> record);

    /// <summary>Pushes the adjoint of <see cref="Output"/> (<paramref name="reverse"/>.Adjoint(Output)) to the inputs.</summary>
    public abstract void EmitAdjoint(ReverseMode reverse);

    protected static void Put(Span<int> record, int at, DeviceTensor t)
    {
        record[at] = (int)t.Segment;
        record[at + 1] = t.Offset;
    }

    /// <summary>The common encoding of an op of two tensor operands and one size.</summary>
    protected static void PutBinary(Span<int> record, DeviceTensor a, DeviceTensor b, int size)
    {
        Put(record, OpRecord.ASegment, a);
        Put(record, OpRecord.BSegment, b);
        record[OpRecord.D0] = size;
    }

    protected static void Put(Span<int> record, int at, IntSegment segment, int offset)
    {
        record[at] = (int)segment;
        record[at + 1] = offset;
    }

    protected NotSupportedException ForwardOnly() => new($"{Code} is a forward-only op (recorded quantities); it has no adjoint.");
}

/// <summary>Y = 0.</summary>
public sealed record ZeroOp(DeviceTensor Output) : DeviceOp(Output, false)
{
    public override OpCode Code => OpCode.Zero;
    public override IEnumerable<DeviceTensor> Inputs => [];
    protected override void EncodeOperands(Span<int> r) => r[OpRecord.D0] = Output.Size;
    public override void EmitAdjoint(ReverseMode reverse) { }
}

/// <summary>C = op(A)·op(B). Adjoint: dA = dC·op(B)ᵀ (transposed A: op(B)·dCᵀ), dB = op(A)ᵀ·dC (transposed B: dCᵀ·op(A)).</summary>
public sealed record MatMulOp(DeviceTensor Output, DeviceTensor A, DeviceTensor B, bool TransposeA, bool TransposeB, bool Accumulate = false)
    : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.MatMul;
    public override IEnumerable<DeviceTensor> Inputs => [A, B];
    public int Inner => TransposeA ? A.Rows : A.Columns;
    protected override int Flags => (TransposeA ? OpRecord.TransposeA : 0) | (TransposeB ? OpRecord.TransposeB : 0);

    protected override void EncodeOperands(Span<int> r)
    {
        Put(r, OpRecord.ASegment, A);
        Put(r, OpRecord.BSegment, B);
        r[OpRecord.D0] = Output.Rows;
        r[OpRecord.D1] = Output.Columns;
        r[OpRecord.D2] = Inner;
    }

    public override void EmitAdjoint(ReverseMode reverse)
    {
        var dc = reverse.Adjoint(Output);
        if (reverse.NeedsAdjoint(A))
        {
            var (da, accumulate) = reverse.Target(A);
            reverse.Emit(TransposeA ? new MatMulOp(da, B, dc, TransposeB, true, accumulate) : new MatMulOp(da, dc, B, false, !TransposeB, accumulate));
        }
        if (reverse.NeedsAdjoint(B))
        {
            var (db, accumulate) = reverse.Target(B);
            reverse.Emit(TransposeB ? new MatMulOp(db, dc, A, true, TransposeA, accumulate) : new MatMulOp(db, A, dc, !TransposeA, false, accumulate));
        }
    }
}

/// <summary>Y[e, :] = X[idx[e], :] (or X[:, idx[e]] transposed). Adjoint: the scatter-add by the inverse list.</summary>
public sealed record GatherOp(DeviceTensor Output, DeviceTensor X, IndexList Indices, bool Transposed, bool Accumulate = false) : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.Gather;
    public override IEnumerable<DeviceTensor> Inputs => [X];
    protected override int Flags => Transposed ? OpRecord.TransposeA : 0;

    protected override void EncodeOperands(Span<int> r)
    {
        Put(r, OpRecord.ASegment, X);
        Put(r, OpRecord.ISegment, Indices.Segment, Indices.Offset);
        r[OpRecord.D0] = Output.Rows;
        r[OpRecord.D1] = Output.Columns;
        r[OpRecord.D2] = Indices.Sources;
    }

    public override void EmitAdjoint(ReverseMode reverse)
    {
        if (!reverse.NeedsAdjoint(X)) return;
        var (dx, accumulate) = reverse.Target(X);
        reverse.Emit(new ScatterAddOp(dx, reverse.Adjoint(Output), Indices, Transposed, accumulate));
    }
}

/// <summary>dX[i, :] = Σ_{e ∈ inv(i)} dY[e, :] (or dX[:, i] transposed): the adjoint of <see cref="GatherOp"/>.</summary>
public sealed record ScatterAddOp(DeviceTensor Output, DeviceTensor DY, IndexList Indices, bool Transposed, bool Accumulate) : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.ScatterAdd;
    public override IEnumerable<DeviceTensor> Inputs => [DY];
    protected override int Flags => Transposed ? OpRecord.TransposeA : 0;

    protected override void EncodeOperands(Span<int> r)
    {
        Put(r, OpRecord.ASegment, DY);
        Put(r, OpRecord.ISegment, Indices.Segment, Indices.Starts);
        Put(r, OpRecord.JSegment, Indices.Segment, Indices.Entries);
        r[OpRecord.D0] = Indices.Sources;
        r[OpRecord.D1] = DY.Columns;
    }

    public override void EmitAdjoint(ReverseMode reverse) => throw new NotSupportedException("The scatter-add appears only in the derived backward program.");
}

/// <summary>Z = X ⊙ Y. Adjoint: dX += dZ ⊙ Y, dY += dZ ⊙ X.</summary>
public sealed record MultiplyOp(DeviceTensor Output, DeviceTensor X, DeviceTensor Y, bool Accumulate = false) : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.Multiply;
    public override IEnumerable<DeviceTensor> Inputs => [X, Y];

    protected override void EncodeOperands(Span<int> r) => PutBinary(r, X, Y, Output.Size);

    public override void EmitAdjoint(ReverseMode reverse)
    {
        var dz = reverse.Adjoint(Output);
        if (reverse.NeedsAdjoint(X))
        {
            var (dx, accumulate) = reverse.Target(X);
            reverse.Emit(new MultiplyOp(dx, dz, Y, accumulate));
        }
        if (reverse.NeedsAdjoint(Y))
        {
            var (dy, accumulate) = reverse.Target(Y);
            reverse.Emit(new MultiplyOp(dy, dz, X, accumulate));
        }
    }
}

/// <summary>y[e] = Σ_c X[e, c] (transposed: y[c] = Σ_e X[e, c]). Adjoint: dX += broadcast of dy.</summary>
public sealed record RowSumOp(DeviceTensor Output, DeviceTensor X, bool Transposed, bool Accumulate = false) : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.RowSum;
    public override IEnumerable<DeviceTensor> Inputs => [X];
    protected override int Flags => Transposed ? OpRecord.TransposeA : 0;

    protected override void EncodeOperands(Span<int> r)
    {
        Put(r, OpRecord.ASegment, X);
        r[OpRecord.D0] = X.Rows;
        r[OpRecord.D1] = X.Columns;
    }

    public override void EmitAdjoint(ReverseMode reverse)
    {
        if (!reverse.NeedsAdjoint(X)) return;
        var (dx, accumulate) = reverse.Target(X);
        reverse.Emit(new BroadcastOp(dx, reverse.Adjoint(Output), Transposed, accumulate));
    }
}

/// <summary>dX[e, c] = dy[e] (transposed: dy[c]): the adjoint of <see cref="RowSumOp"/>.</summary>
public sealed record BroadcastOp(DeviceTensor Output, DeviceTensor DY, bool Transposed, bool Accumulate) : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.Broadcast;
    public override IEnumerable<DeviceTensor> Inputs => [DY];
    protected override int Flags => Transposed ? OpRecord.TransposeA : 0;

    protected override void EncodeOperands(Span<int> r)
    {
        Put(r, OpRecord.ASegment, DY);
        r[OpRecord.D0] = Output.Rows;
        r[OpRecord.D1] = Output.Columns;
    }

    public override void EmitAdjoint(ReverseMode reverse) => throw new NotSupportedException("The broadcast appears only in the derived backward program.");
}

/// <summary>
/// ℒ = s·Σ_e (v[e] − y[e])² with y, s, w per problem in <paramref name="Targets"/> (m + 2 values). Adjoint (the seed,
/// dℒ = 1): dv = w·(v − y), the same dℒ/dv as <see cref="Losses.CompletionLoss.ValueAndEntryGradients"/>.
/// </summary>
public sealed record SquaredErrorOp(DeviceTensor Output, DeviceTensor V, DeviceTensor Targets) : DeviceOp(Output, false)
{
    public override OpCode Code => OpCode.SquaredError;
    public override IEnumerable<DeviceTensor> Inputs => [V];

    protected override void EncodeOperands(Span<int> r) => PutBinary(r, V, Targets, V.Size);

    public override void EmitAdjoint(ReverseMode reverse)
    {
        if (!reverse.NeedsAdjoint(V)) return;
        var (dv, accumulate) = reverse.Target(V);
        reverse.Emit(new SquaredErrorAdjointOp(dv, V, Targets, accumulate));
    }
}

/// <summary>dv = w·(v − y): the adjoint of <see cref="SquaredErrorOp"/>.</summary>
public sealed record SquaredErrorAdjointOp(DeviceTensor Output, DeviceTensor V, DeviceTensor Targets, bool Accumulate) : DeviceOp(Output, Accumulate)
{
    public override OpCode Code => OpCode.SquaredErrorAdjoint;
    public override IEnumerable<DeviceTensor> Inputs => [V];

    protected override void EncodeOperands(Span<int> r) => PutBinary(r, V, Targets, V.Size);

    public override void EmitAdjoint(ReverseMode reverse) => throw new NotSupportedException("The loss adjoint appears only in the derived backward program.");
}

/// <summary>Y = √X (forward only).</summary>
public sealed record SqrtOp(DeviceTensor Output, DeviceTensor X) : DeviceOp(Output, false)
{
    public override OpCode Code => OpCode.Sqrt;
    public override IEnumerable<DeviceTensor> Inputs => [X];

    protected override void EncodeOperands(Span<int> r)
    {
        Put(r, OpRecord.ASegment, X);
        r[OpRecord.D0] = Output.Size;
    }

    public override void EmitAdjoint(ReverseMode reverse) => throw ForwardOnly();
}

/// <summary>Z = X − Y (forward only).</summary>
public sealed record SubtractOp(DeviceTensor Output, DeviceTensor X, DeviceTensor Y) : DeviceOp(Output, false)
{
    public override OpCode Code => OpCode.Subtract;
    public override IEnumerable<DeviceTensor> Inputs => [X, Y];

    protected override void EncodeOperands(Span<int> r) => PutBinary(r, X, Y, Output.Size);

    public override void EmitAdjoint(ReverseMode reverse) => throw ForwardOnly();
}

/// <summary>d = det X (n×n) with an n×n scratch for the LU factors (forward only).</summary>
public sealed record DeterminantOp(DeviceTensor Output, DeviceTensor X, DeviceTensor Scratch) : DeviceOp(Output, false)
{
    public override OpCode Code => OpCode.Determinant;
    public override IEnumerable<DeviceTensor> Inputs => [X];

    protected override void EncodeOperands(Span<int> r) => PutBinary(r, X, Scratch, X.Rows);

    public override void EmitAdjoint(ReverseMode reverse) => throw ForwardOnly();
}
