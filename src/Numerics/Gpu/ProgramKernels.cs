using ILGPU;
using ILGPU.Algorithms;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>Arguments of <see cref="ProgramKernels.Evaluate{T, TOps}"/> and <see cref="ProgramKernels.Step{T, TOps}"/>.</summary>
public struct KernelArguments
{
    /// <summary>First op and number of ops of the program to run (ops are <see cref="OpRecord.Width"/> ints each).</summary>
    public int ProgramFirst;
    public int ProgramCount;

    /// <summary>Step: at most this many optimizer steps per problem in this launch.</summary>
    public int Steps;

    /// <summary>P, the length of θ.</summary>
    public int Parameters;

    /// <summary>Where the program writes the loss ℒ (a scalar in the <see cref="Segment.Values"/> segment).</summary>
    public int LossOffset;

    /// <summary>Evaluate: 1 to copy the loss into the problem's scalar record.</summary>
    public int StoreLoss;
}

/// <summary>
/// The kernels of the batched backend: plain static methods over explicit views (ILGPU style). One group per problem
/// (grid index = problem b); the group's threads split every op's output elements with a stride of the group size and
/// meet at a barrier after each op, so the kernels are correct for any group size (1 on the CPU accelerator, where
/// barriers of a multi-thread group are emulated with OS threads, 64 on CUDA) and give the same bits for every group
/// size: each output element is one thread's fixed-order sum, and the scalar reductions (ℒ, ‖g‖², det) run on thread 0.
/// </summary>
public static class ProgramKernels
{
    /// <summary>Runs ops [first, first + count) of <paramref name="program"/> once per problem; optionally stores ℒ.</summary>
    public static void Evaluate<T, TOps>(ArrayView<T> x, ArrayView<int> ints, ArrayView<long> segments, ArrayView<int> program,
        ArrayView<double> scalars, KernelArguments args)
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T>
    {
        int b = Grid.IdxX;
        Execute<T, TOps>(x, ints, segments, program, args.ProgramFirst, args.ProgramCount, b);
        if (args.StoreLoss != 0 && Group.IdxX == 0)
            scalars[(long)b * ProblemScalars.Width + ProblemScalars.Loss] = default(TOps).ToDouble(x[Address(segments, (int)Segment.Values, b, args.LossOffset)]);
    }

    /// <summary>
    /// Up to <see cref="KernelArguments.Steps"/> steps of theory.md §8.1 A per running problem, each: the pre-step stopping
    /// checks (k ≥ max steps, τ ≥ limit), η_k (GD or GroupRMSprop), θ ← θ − η_k∇φ(θ), k ← k + 1, τ ← τ + η_k, then the
    /// gradient program at the new θ (ℒ and ∇φ) and the divergence checks (non-finite ℒ, ℒ above factor × ℒ(θ₀)).
    /// A problem that stops is frozen with its status; the host freezes converged and cancelled ones.
    /// </summary>
    public static void Step<T, TOps>(ArrayView<T> x, ArrayView<int> ints, ArrayView<long> segments, ArrayView<int> program,
        ArrayView<double> scalars, ArrayView<long> iterations, ArrayView<int> status, KernelArguments args)
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T>
    {
        var ops = default(TOps);
        int b = Grid.IdxX, t = Group.IdxX, g = Group.DimX;
        long s0 = (long)b * ProblemScalars.Width;
        long theta = Address(segments, (int)Segment.Theta, b, 0), gradient = Address(segments, (int)Segment.Gradient, b, 0);
        for (int step = 0; step < args.Steps; step++)
        {
            if (t == 0 && status[b] == ProblemScalars.Running)
            {
                long k = iterations[b];
                if (k >= scalars[s0 + ProblemScalars.MaxSteps]) status[b] = ProblemScalars.ReachedMaxSteps;
                else if (scalars[s0 + ProblemScalars.Time] >= scalars[s0 + ProblemScalars.TimeLimit]) status[b] = ProblemScalars.ReachedTime;
                else
                {
                    double lr = scalars[s0 + ProblemScalars.LearningRate], eta = lr;
                    if (scalars[s0 + ProblemScalars.Method] == ProblemScalars.GroupRmsProp)
                    {
                        double squares = 0;
                        for (int i = 0; i < args.Parameters; i++)
                        {
                            double gi = ops.ToDouble(x[gradient + i]);
                            squares += gi * gi;
                        }
                        double alpha = scalars[s0 + ProblemScalars.Alpha];
                        double s = alpha * scalars[s0 + ProblemScalars.SquareAverage] + (1 - alpha) * squares;
                        scalars[s0 + ProblemScalars.SquareAverage] = s;
                        eta = lr / (XMath.Sqrt(s / (1 - Power(alpha, k + 1))) + scalars[s0 + ProblemScalars.Epsilon]);
                    }
                    scalars[s0 + ProblemScalars.StepSize] = eta;
                }
            }
            Group.Barrier();
            if (status[b] != ProblemScalars.Running) return;
            var etaT = ops.FromDouble(scalars[s0 + ProblemScalars.StepSize]);
            for (int i = t; i < args.Parameters; i += g)
                x[theta + i] = ops.Subtract(x[theta + i], ops.Multiply(x[gradient + i], etaT));
            Group.Barrier();
            Execute<T, TOps>(x, ints, segments, program, args.ProgramFirst, args.ProgramCount, b);
            if (t == 0)
            {
                iterations[b] = iterations[b] + 1;
                scalars[s0 + ProblemScalars.Time] = scalars[s0 + ProblemScalars.Time] + scalars[s0 + ProblemScalars.StepSize];
                double loss = ops.ToDouble(x[Address(segments, (int)Segment.Values, b, args.LossOffset)]);
                scalars[s0 + ProblemScalars.Loss] = loss;
                if (scalars[s0 + ProblemScalars.CheckDivergence] == 0) { }
                else if (!(loss - loss == 0)) status[b] = ProblemScalars.NonFiniteLoss;
                else if (loss > scalars[s0 + ProblemScalars.DivergenceFactor] * scalars[s0 + ProblemScalars.InitialLoss]) status[b] = ProblemScalars.LossAboveFactor;
            }
            Group.Barrier();
        }
    }

    /// <summary>x^n (n ≥ 0) by binary exponentiation: deterministic, and no dependence on a device's pow.</summary>
    private static double Power(double x, long n)
    {
        double result = 1;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= x;
            x *= x;
            n >>= 1;
        }
        return result;
    }

    private static long Address(ArrayView<long> segments, int segment, int problem, int offset) =>
        segments[2 * segment] + problem * segments[2 * segment + 1] + offset;

    private static void Store<T, TOps>(ArrayView<T> x, long at, T value, bool accumulate)
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T> =>
        x[at] = accumulate ? default(TOps).Add(x[at], value) : value;

    /// <summary>The interpreter: ops [first, first + count) for problem b, a barrier after each.</summary>
    private static void Execute<T, TOps>(ArrayView<T> x, ArrayView<int> ints, ArrayView<long> segments, ArrayView<int> program, int first, int count, int b)
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T>
    {
        var ops = default(TOps);
        int t = Group.IdxX, g = Group.DimX;
        for (int op = first; op < first + count; op++)
        {
            int r = op * OpRecord.Width;
            int code = program[r + OpRecord.Code], flags = program[r + OpRecord.Flags];
            bool accumulate = (flags & OpRecord.Accumulate) != 0, ta = (flags & OpRecord.TransposeA) != 0, tb = (flags & OpRecord.TransposeB) != 0;
            long y = Address(segments, program[r + OpRecord.OutSegment], b, program[r + OpRecord.OutOffset]);
            long a = Address(segments, program[r + OpRecord.ASegment], b, program[r + OpRecord.AOffset]);
            long c = Address(segments, program[r + OpRecord.BSegment], b, program[r + OpRecord.BOffset]);
            long i1 = Address(segments, OpRecord.IntSegmentBase + program[r + OpRecord.ISegment], b, program[r + OpRecord.IOffset]);
            long i2 = Address(segments, OpRecord.IntSegmentBase + program[r + OpRecord.JSegment], b, program[r + OpRecord.JOffset]);
            int d0 = program[r + OpRecord.D0], d1 = program[r + OpRecord.D1], d2 = program[r + OpRecord.D2];
            if (code == (int)OpCode.Zero)
            {
                for (int e = t; e < d0; e += g) x[y + e] = ops.Zero();
            }
            else if (code == (int)OpCode.MatMul)
            {
                // C (d0 × d1) = op(A) (d0 × d2) · op(B) (d2 × d1).
                for (int e = t; e < d0 * d1; e += g)
                {
                    int i = e / d1, j = e - i * d1;
                    T s = ops.Zero();
                    for (int k = 0; k < d2; k++)
                    {
                        T left = ta ? x[a + k * d0 + i] : x[a + i * d2 + k];
                        T right = tb ? x[c + j * d2 + k] : x[c + k * d1 + j];
                        s = ops.Add(s, ops.Multiply(left, right));
                    }
                    Store<T, TOps>(x, y + e, s, accumulate);
                }
            }
            else if (code == (int)OpCode.Gather)
            {
                // Y (d0 × d1); X rows of width d1, or transposed X (d1 × d2).
                for (int e = t; e < d0 * d1; e += g)
                {
                    int row = e / d1, col = e - row * d1, source = ints[i1 + row];
                    T v = ta ? x[a + col * d2 + source] : x[a + source * d1 + col];
                    Store<T, TOps>(x, y + e, v, accumulate);
                }
            }
            else if (code == (int)OpCode.ScatterAdd)
            {
                // dX (d0 sources × width d1, or transposed d1 × d0) from dY (rows × d1) by the CSR inverse list.
                for (int e = t; e < d0 * d1; e += g)
                {
                    int source = e / d1, col = e - source * d1;
                    T s = ops.Zero();
                    int end = ints[i1 + source + 1];
                    for (int p = ints[i1 + source]; p < end; p++) s = ops.Add(s, x[a + ints[i2 + p] * d1 + col]);
                    Store<T, TOps>(x, ta ? y + col * d0 + source : y + e, s, accumulate);
                }
            }
            else if (code == (int)OpCode.Multiply)
            {
                for (int e = t; e < d0; e += g) Store<T, TOps>(x, y + e, ops.Multiply(x[a + e], x[c + e]), accumulate);
            }
            else if (code == (int)OpCode.RowSum)
            {
                // X (d0 × d1): y[e] = Σ_c X[e, c], or transposed y[c] = Σ_e X[e, c].
                int outputs = ta ? d1 : d0, terms = ta ? d0 : d1;
                for (int e = t; e < outputs; e += g)
                {
                    T s = ops.Zero();
                    for (int q = 0; q < terms; q++) s = ops.Add(s, ta ? x[a + q * d1 + e] : x[a + e * d1 + q]);
                    Store<T, TOps>(x, y + e, s, accumulate);
                }
            }
            else if (code == (int)OpCode.Broadcast)
            {
                for (int e = t; e < d0 * d1; e += g)
                {
                    int row = e / d1;
                    Store<T, TOps>(x, y + e, ta ? x[a + e - row * d1] : x[a + row], accumulate);
                }
            }
            else if (code == (int)OpCode.SquaredError)
            {
                if (t == 0)
                {
                    T s = ops.Zero();
                    for (int e = 0; e < d0; e++)
                    {
                        T residual = ops.Subtract(x[a + e], x[c + e]);
                        s = ops.Add(s, ops.Multiply(residual, residual));
                    }
                    x[y] = ops.Multiply(x[c + d0], s);
                }
            }
            else if (code == (int)OpCode.SquaredErrorAdjoint)
            {
                T w = x[c + d0 + 1];
                for (int e = t; e < d0; e += g) Store<T, TOps>(x, y + e, ops.Multiply(w, ops.Subtract(x[a + e], x[c + e])), accumulate);
            }
            else if (code == (int)OpCode.Sqrt)
            {
                for (int e = t; e < d0; e += g) x[y + e] = ops.Sqrt(x[a + e]);
            }
            else if (code == (int)OpCode.Subtract)
            {
                for (int e = t; e < d0; e += g) x[y + e] = ops.Subtract(x[a + e], x[c + e]);
            }
            else if (code == (int)OpCode.Determinant)
            {
                if (t == 0) x[y] = Determinant<T, TOps>(x, a, c, d0);
            }
            Group.Barrier();
        }
    }

    /// <summary>det of the n×n matrix at <paramref name="a"/>: Gaussian elimination with partial pivoting in the scratch copy at <paramref name="lu"/>.</summary>
    private static T Determinant<T, TOps>(ArrayView<T> x, long a, long lu, int n)
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T>
    {
        var ops = default(TOps);
        for (int e = 0; e < n * n; e++) x[lu + e] = x[a + e];
        T det = ops.FromDouble(1);
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
                if (ops.Greater(ops.Abs(x[lu + row * n + col]), ops.Abs(x[lu + pivot * n + col]))) pivot = row;
            T p = x[lu + pivot * n + col];
            if (!ops.Greater(ops.Abs(p), ops.Zero())) return ops.Zero();
            if (pivot != col)
            {
                for (int q = 0; q < n; q++)
                {
                    T swap = x[lu + col * n + q];
                    x[lu + col * n + q] = x[lu + pivot * n + q];
                    x[lu + pivot * n + q] = swap;
                }
                det = ops.Subtract(ops.Zero(), det);
            }
            det = ops.Multiply(det, p);
            for (int row = col + 1; row < n; row++)
            {
                T factor = ops.Divide(x[lu + row * n + col], p);
                for (int q = col + 1; q < n; q++)
                    x[lu + row * n + q] = ops.Subtract(x[lu + row * n + q], ops.Multiply(factor, x[lu + col * n + q]));
            }
        }
        return det;
    }
}
