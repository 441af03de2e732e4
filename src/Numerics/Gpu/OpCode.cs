namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The generic tensor operations of a <see cref="DeviceProgram"/>, as the interpreter kernel (<see cref="ProgramKernels"/>)
/// executes them for one problem. Every op writes its output (or, with <see cref="OpRecord.Accumulate"/>, adds to it);
/// each output element is computed by one thread in a fixed order, so results do not depend on the group size and
/// no floating-point atomics are used. Shapes are row-major.
/// </summary>
public enum OpCode
{
    /// <summary>Y[0..n) = 0.</summary>
    Zero = 0,

    /// <summary>C (M×N) = op(A)·op(B), op(A) M×K (A stored K×M when transposed), op(B) K×N (stored N×K when transposed).</summary>
    MatMul = 1,

    /// <summary>Y[e, c] = X[idx[e], c] (X rows of the given width), or transposed Y[e, c] = X[c, idx[e]] (X is width × count).</summary>
    Gather = 2,

    /// <summary>
    /// The adjoint of <see cref="Gather"/>: dX[i, c] = Σ_{e ∈ inv(i)} dY[e, c] (or dX[c, i] transposed), with the inverse
    /// index list inv given in CSR form (starts, entries in increasing e), so each output element sums in a fixed order.
    /// </summary>
    ScatterAdd = 3,

    /// <summary>Z = X ⊙ Y (elementwise).</summary>
    Multiply = 4,

    /// <summary>y[e] = Σ_c X[e, c], or transposed y[c] = Σ_e X[e, c].</summary>
    RowSum = 5,

    /// <summary>The adjoint of <see cref="RowSum"/>: dX[e, c] = dy[e] (transposed: dy[c]).</summary>
    Broadcast = 6,

    /// <summary>ℒ = s·Σ_e (v[e] − y[e])², s stored after y (theory.md §5.1; <see cref="Losses.LossNormalization"/>).</summary>
    SquaredError = 7,

    /// <summary>The adjoint of <see cref="SquaredError"/> for dℒ = 1: dv[e] = w·(v[e] − y[e]), w stored after s.</summary>
    SquaredErrorAdjoint = 8,

    /// <summary>Y = √X (forward only: recorded quantities).</summary>
    Sqrt = 9,

    /// <summary>Z = X − Y (forward only: recorded quantities).</summary>
    Subtract = 10,

    /// <summary>d = det X for square X (n×n), by LU with partial pivoting in a scratch copy (forward only: recorded quantities).</summary>
    Determinant = 11,
}

/// <summary>
/// The fixed-width int encoding of one op in the program buffer. Operands are (segment, offset) pairs: the element
/// (problem b, i) of an operand lives at segments[2·seg] + b·segments[2·seg + 1] + offset + i (see <see cref="Segment"/>).
/// </summary>
public static class OpRecord
{
    public const int Width = 16;

    public const int Code = 0, Flags = 1;
    public const int OutSegment = 2, OutOffset = 3;
    public const int ASegment = 4, AOffset = 5;
    public const int BSegment = 6, BOffset = 7;
    public const int ISegment = 8, IOffset = 9;
    public const int JSegment = 10, JOffset = 11;
    public const int D0 = 12, D1 = 13, D2 = 14, D3 = 15;

    /// <summary>Flag bits: add into the output instead of overwriting it; transpose the first / second operand.</summary>
    public const int Accumulate = 1, TransposeA = 2, TransposeB = 4;

    /// <summary>The segment table holds the <see cref="Segment"/>s first, then the <see cref="IntSegment"/>s from this index on.</summary>
    public const int IntSegmentBase = 7;

    /// <summary>Entries (pairs of base and per-problem stride) in the segment table.</summary>
    public const int SegmentCount = IntSegmentBase + 2;
}

/// <summary>The per-problem segments of the device arena (values in the tensor precision).</summary>
public enum Segment
{
    /// <summary>θ, B × P.</summary>
    Theta = 0,
    /// <summary>∇φ(θ), B × P.</summary>
    Gradient = 1,
    /// <summary>Forward values of the gradient program.</summary>
    Values = 2,
    /// <summary>Adjoints of the forward values.</summary>
    Adjoints = 3,
    /// <summary>Per-problem data: observed values y, normalization s and w, sensing matrices.</summary>
    Data = 4,
    /// <summary>Intermediates of the quantity programs.</summary>
    Scratch = 5,
    /// <summary>Outputs of the quantity programs (copied back at each logged row).</summary>
    Outputs = 6,
}

/// <summary>The segments of the int arena: structural index lists shared by the batch, and per-problem ones (Ω).</summary>
public enum IntSegment
{
    Shared = 0,
    PerProblem = 1,
}
