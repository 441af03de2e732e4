using System.Globalization;
using ILGPU;
using ILGPU.Runtime;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// B independent problems of one structure (<see cref="DeviceProgram"/>) on a device: the batched form of
/// <see cref="Training.Simulation"/>. Holds θ, ∇φ(θ), the program's values and adjoints, the per-problem data and index
/// lists, and per problem k, τ, s, ℒ and a status, in device memory; <see cref="Step"/> runs up to n optimizer steps per
/// running problem in one launch (frozen problems do not move). State is read back after every launch; θ, ∇φ and the
/// device quantities on request. Same batch on the same device ⇒ bit-identical results (no atomics; every element is
/// one thread's fixed-order sum), whatever the group size, the batch composition or the chunking.
/// </summary>
public sealed class BatchSimulation : IDisposable
{
    private readonly IBatchEngine _engine;
    private readonly double[] _scalars;
    private readonly long[] _iterations;
    private readonly int[] _status;

    public BatchSimulation(ComputeDevice device, DeviceProgram program, IReadOnlyList<BatchMember> members, Precision precision = Precision.Float64)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(program);
        if (members.Count == 0) throw new ArgumentException("A batch needs at least one problem.", nameof(members));
        long need = BytesNeeded(program, precision, members.Count);
        if (need > device.MemoryBytes)
            throw new DeviceMemoryException(string.Create(CultureInfo.InvariantCulture,
                $"a batch of {members.Count} problems ({program.Model.Name}) needs {need:N0} bytes but {device.Description} has {device.MemoryBytes:N0}; split it (DeviceRun does) or use fewer problems."));
        Device = device;
        Program = program;
        Precision = precision;
        Count = members.Count;
        _scalars = new double[Count * ProblemScalars.Width];
        _iterations = new long[Count];
        _status = new int[Count];
        for (int b = 0; b < Count; b++)
        {
            var m = members[b];
            if (m.Theta.Length != program.Parameters)
                throw new ArgumentException($"Problem {b}: θ has {m.Theta.Length} entries, {program.Model.Name} has {program.Parameters} parameters.", nameof(members));
            if (m.Iteration < 0) throw new ArgumentOutOfRangeException(nameof(members), $"Problem {b}: the iteration count is non-negative, got {m.Iteration}.");
            var (lr, alpha, eps, rms, s) = m.OptimizerSettings();
            var r = _scalars.AsSpan(b * ProblemScalars.Width, ProblemScalars.Width);
            r[ProblemScalars.LearningRate] = lr;
            r[ProblemScalars.Alpha] = alpha;
            r[ProblemScalars.Epsilon] = eps;
            r[ProblemScalars.Method] = rms ? ProblemScalars.GroupRmsProp : ProblemScalars.GradientDescent;
            r[ProblemScalars.MaxSteps] = m.MaxSteps;
            r[ProblemScalars.TimeLimit] = m.TimeLimit;
            r[ProblemScalars.DivergenceFactor] = m.DivergenceFactor;
            r[ProblemScalars.InitialLoss] = m.InitialLoss ?? double.NaN;
            r[ProblemScalars.Time] = m.Time;
            r[ProblemScalars.SquareAverage] = s;
            r[ProblemScalars.CheckDivergence] = m.CheckDivergence ? 1 : 0;
            _iterations[b] = m.Iteration;
        }
        _engine = precision == Precision.Float64
            ? new BatchEngine<double, Float64Arithmetic>(device, program, members, precision)
            : new BatchEngine<float, Float32Arithmetic>(device, program, members, precision);
        _engine.WriteState(_scalars, _iterations, _status);
        _engine.Evaluate(Program.Gradient, storeLoss: true);
        _engine.ReadState(_scalars, _iterations, _status);
        for (int b = 0; b < Count; b++)
            if (members[b].InitialLoss is null) _scalars[b * ProblemScalars.Width + ProblemScalars.InitialLoss] = Loss(b);
        _engine.WriteState(_scalars, _iterations, _status);
    }

    public ComputeDevice Device { get; }
    public DeviceProgram Program { get; }
    public Precision Precision { get; }

    /// <summary>B, the number of problems.</summary>
    public int Count { get; }

    /// <summary>Device bytes of a batch of <paramref name="problems"/> (tensor arena, ints, program and per-problem state).</summary>
    public static long BytesNeeded(DeviceProgram program, Precision precision, long problems)
    {
        long valueBytes = precision == Precision.Float64 ? sizeof(double) : sizeof(float);
        long perProblem = program.ValuesPerProblem * valueBytes + program.PerProblemInts * sizeof(int)
                          + ProblemScalars.Width * sizeof(double) + sizeof(long) + sizeof(int);
        long shared = program.SharedInts.Length * sizeof(int) + program.Encoded.Length * sizeof(int) + 2 * OpRecord.SegmentCount * sizeof(long);
        return shared + problems * perProblem;
    }

    /// <summary>The most problems of this program that fit in <paramref name="bytes"/> (0 when not even one does).</summary>
    public static long MaxProblems(DeviceProgram program, Precision precision, long bytes)
    {
        long one = BytesNeeded(program, precision, 1), shared = BytesNeeded(program, precision, 0);
        return bytes < one ? 0 : (bytes - shared) / (one - shared);
    }

    public long Iteration(int b) => _iterations[b];
    public double Time(int b) => Scalar(b, ProblemScalars.Time);
    public double Loss(int b) => Scalar(b, ProblemScalars.Loss);
    public double InitialLoss(int b) => Scalar(b, ProblemScalars.InitialLoss);
    public double LastStepSize(int b) => Scalar(b, ProblemScalars.StepSize);

    /// <summary>GroupRMSprop's s_k (0 for GD): the optimizer state of a checkpoint.</summary>
    public double SquareAverage(int b) => Scalar(b, ProblemScalars.SquareAverage);

    /// <summary>A <see cref="ProblemScalars"/> status code.</summary>
    public int Status(int b) => _status[b];

    private double Scalar(int b, int field) => _scalars[b * ProblemScalars.Width + field];

    /// <summary>Up to <paramref name="steps"/> steps for every running problem, in one launch.</summary>
    public void Step(int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "At least one step per launch.");
        _engine.Step(steps);
        _engine.ReadState(_scalars, _iterations, _status);
    }

    /// <summary>Stops problem b from stepping (converged or cancelled on the host).</summary>
    public void Freeze(int b)
    {
        if (_status[b] != ProblemScalars.Running) return;
        _status[b] = ProblemScalars.FrozenByHost;
        _engine.WriteState(_scalars, _iterations, _status);
    }

    /// <summary>θ of every problem, B × P row-major, as float64.</summary>
    public double[] Thetas() => _engine.Read(Segment.Theta);

    /// <summary>∇φ(θ) of every problem at its current θ, B × P.</summary>
    public double[] Gradients() => _engine.Read(Segment.Gradient);

    /// <summary>Runs every quantity program of <see cref="DeviceProgram.Quantities"/>; returns the outputs segment, B × (its per-problem size).</summary>
    public double[] EvaluateQuantities()
    {
        foreach (var q in Program.Quantities) _engine.Evaluate((q.First, q.Count), storeLoss: false);
        return _engine.Read(Segment.Outputs);
    }

    public void Dispose() => _engine.Dispose();

    private interface IBatchEngine : IDisposable
    {
        void Evaluate((int First, int Count) range, bool storeLoss);
        void Step(int steps);
        void ReadState(double[] scalars, long[] iterations, int[] status);
        void WriteState(double[] scalars, long[] iterations, int[] status);
        double[] Read(Segment segment);
    }

    /// <summary>The device buffers and launches in the tensor precision T.</summary>
    private sealed class BatchEngine<T, TOps> : IBatchEngine
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T>
    {
        private readonly DeviceKernels<T> _kernels;
        private readonly DeviceProgram _program;
        private readonly int _count;
        private readonly long[] _segments = new long[2 * OpRecord.SegmentCount];
        private readonly MemoryBuffer1D<T, Stride1D.Dense> _x;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _ints, _code, _status;
        private readonly MemoryBuffer1D<long, Stride1D.Dense> _segmentTable, _iterations;
        private readonly MemoryBuffer1D<double, Stride1D.Dense> _scalars;

        public BatchEngine(ComputeDevice device, DeviceProgram program, IReadOnlyList<BatchMember> members, Precision precision)
        {
            _kernels = device.Kernels<T, TOps>(precision);
            _program = program;
            _count = members.Count;
            long at = 0;
            for (int s = 0; s < OpRecord.IntSegmentBase; s++)
            {
                _segments[2 * s] = at;
                _segments[2 * s + 1] = program.SegmentSizes[s];
                at += (long)_count * program.SegmentSizes[s];
            }
            _segments[2 * (OpRecord.IntSegmentBase + (int)IntSegment.Shared)] = 0;
            _segments[2 * (OpRecord.IntSegmentBase + (int)IntSegment.Shared) + 1] = 0;
            _segments[2 * (OpRecord.IntSegmentBase + (int)IntSegment.PerProblem)] = program.SharedInts.Length;
            _segments[2 * (OpRecord.IntSegmentBase + (int)IntSegment.PerProblem) + 1] = program.PerProblemInts;

            var a = device.Accelerator;
            _x = a.Allocate1D<T>(Math.Max(1, at));
            _x.MemSetToZero();
            var ops = default(TOps);
            int p = program.Parameters, dataSize = program.SegmentSizes[(int)Segment.Data], perProblemInts = program.PerProblemInts;
            var hostX = new T[Math.Max(p, dataSize)];
            var data = new double[dataSize];
            var ints = new int[program.SharedInts.Length + (long)_count * perProblemInts];
            program.SharedInts.CopyTo(ints, 0);
            for (int b = 0; b < _count; b++)
            {
                var theta = members[b].Theta;
                for (int i = 0; i < p; i++) hostX[i] = ops.FromDouble(theta[i]);
                Upload(Address(Segment.Theta, b), hostX, p);
                program.Bind(members[b].Loss, data, ints.AsSpan(program.SharedInts.Length + b * perProblemInts, perProblemInts));
                for (int i = 0; i < dataSize; i++) hostX[i] = ops.FromDouble(data[i]);
                Upload(Address(Segment.Data, b), hostX, dataSize);
            }
            _ints = a.Allocate1D(ints.Length == 0 ? [0] : ints);
            _code = a.Allocate1D(program.Encoded);
            _segmentTable = a.Allocate1D(_segments);
            _scalars = a.Allocate1D<double>(_count * ProblemScalars.Width);
            _iterations = a.Allocate1D<long>(_count);
            _status = a.Allocate1D<int>(_count);
        }

        private long Address(Segment segment, int b) => _segments[2 * (int)segment] + b * _segments[2 * (int)segment + 1];

        private void Upload(long at, T[] values, int length)
        {
            if (length > 0) _x.View.SubView(at, length).CopyFromCPU(ref values[0], length);
        }

        private KernelArguments Arguments((int First, int Count) range, int steps, bool storeLoss) => new()
        {
            ProgramFirst = range.First,
            ProgramCount = range.Count,
            Steps = steps,
            Parameters = _program.Parameters,
            LossOffset = _program.LossOffset,
            StoreLoss = storeLoss ? 1 : 0,
        };

        public void Evaluate((int First, int Count) range, bool storeLoss) =>
            _kernels.Evaluate(_count, _x.View, _ints.View, _segmentTable.View, _code.View, _scalars.View, Arguments(range, 0, storeLoss));

        public void Step(int steps) =>
            _kernels.Step(_count, _x.View, _ints.View, _segmentTable.View, _code.View, _scalars.View, _iterations.View, _status.View,
                Arguments(_program.Gradient, steps, storeLoss: false));

        public void ReadState(double[] scalars, long[] iterations, int[] status)
        {
            _scalars.CopyToCPU(scalars);
            _iterations.CopyToCPU(iterations);
            _status.CopyToCPU(status);
        }

        public void WriteState(double[] scalars, long[] iterations, int[] status)
        {
            _scalars.CopyFromCPU(scalars);
            _iterations.CopyFromCPU(iterations);
            _status.CopyFromCPU(status);
        }

        public double[] Read(Segment segment)
        {
            long length = _count * _segments[2 * (int)segment + 1];
            var values = new T[length];
            if (length > 0) _x.View.SubView(_segments[2 * (int)segment], length).CopyToCPU(values);
            var ops = default(TOps);
            var result = new double[length];
            for (long i = 0; i < length; i++) result[i] = ops.ToDouble(values[i]);
            return result;
        }

        public void Dispose()
        {
            _x.Dispose();
            _ints.Dispose();
            _code.Dispose();
            _segmentTable.Dispose();
            _scalars.Dispose();
            _iterations.Dispose();
            _status.Dispose();
        }
    }
}
