using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// Overrides for device selection (tests and benchmarks): threads per problem (<see cref="GroupSize"/>), the memory a batch
/// may use, the CPU accelerator's threads (default: one per core) and its largest group (its warp size, a power of two ≥ 2).
/// </summary>
public sealed record DeviceOptions(int? GroupSize = null, long? MemoryBytes = null, int? CpuThreads = null, int CpuMaxGroupSize = 2)
{
    public void Validate()
    {
        if (GroupSize is < 1) throw new ArgumentOutOfRangeException(nameof(GroupSize), GroupSize, "A group needs at least one thread.");
        if (MemoryBytes is < 1) throw new ArgumentOutOfRangeException(nameof(MemoryBytes), MemoryBytes, "The memory budget must be positive.");
        if (CpuThreads is < 1) throw new ArgumentOutOfRangeException(nameof(CpuThreads), CpuThreads, "The CPU accelerator needs at least one thread.");
        if (CpuMaxGroupSize < 2 || (CpuMaxGroupSize & (CpuMaxGroupSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(CpuMaxGroupSize), CpuMaxGroupSize, "The CPU accelerator's warp size must be a power of two ≥ 2.");
    }
}

/// <summary>
/// An opened device: one ILGPU context and accelerator, its description for reports, the group size the kernels run with,
/// the memory a batch may use, and the loaded kernels per precision (compiled once per device).
/// The CPU accelerator is configured as one multiprocessor per core, warps of 2 and groups of 1 thread: its threads of a
/// group are OS threads synchronized at every barrier, which made the ILGPU default (16 threads per group on one
/// multiprocessor) ≈ 500× slower than plain C# on the batched step here, and groups of 1 ≈ 4× (see README "GPU backend").
/// Creating a context is expensive (≈ 0.1 s, more with CUDA): open one and share it.
/// </summary>
public sealed class ComputeDevice : IDisposable
{
    private readonly Context _context;
    private readonly Dictionary<Precision, object> _kernels = [];

    private ComputeDevice(Context context, Accelerator accelerator, string description, DeviceKind requested, int groupSize, long memoryBytes)
    {
        _context = context;
        Accelerator = accelerator;
        Description = description;
        Requested = requested;
        GroupSize = groupSize;
        MemoryBytes = memoryBytes;
    }

    public Accelerator Accelerator { get; }

    /// <summary>Which device actually runs, e.g. "ILGPU CPU accelerator (fallback: no CUDA device; 2 threads)" or "CUDA NVIDIA H200 (139.8 GiB)".</summary>
    public string Description { get; }

    public DeviceKind Requested { get; }

    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>Threads per problem (one group per problem).</summary>
    public int GroupSize { get; }

    /// <summary>Bytes a batch may occupy: the CUDA device's memory, or the memory available to this process for the CPU accelerator.</summary>
    public long MemoryBytes { get; }

    /// <summary>
    /// Opens the device for <paramref name="kind"/>. <see cref="DeviceKind.Gpu"/> without a CUDA device falls back to the
    /// CPU accelerator and writes one line to <paramref name="notices"/> (stderr in the CLI).
    /// </summary>
    public static ComputeDevice Open(DeviceKind kind, TextWriter? notices = null, DeviceOptions? options = null)
    {
        options ??= new DeviceOptions();
        options.Validate();
        int threads = options.CpuThreads ?? Environment.ProcessorCount;
        var cpu = new CPUDevice(options.CpuMaxGroupSize, 1, threads);
        Context context;
        try
        {
            context = kind == DeviceKind.Cpu
                ? Context.Create(b => b.CPU(cpu).EnableAlgorithms())
                : Context.Create(b => b.Cuda().CPU(cpu).EnableAlgorithms());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"ILGPU could not create a context for --device {kind.ToString().ToLowerInvariant()}: {ex.Message}", ex);
        }
        try
        {
            CudaDevice? cuda = null;
            if (kind != DeviceKind.Cpu)
                foreach (var d in context.GetCudaDevices()) { cuda = d; break; }
            if (cuda is not null)
            {
                var accelerator = cuda.CreateAccelerator(context);
                long memory = options.MemoryBytes ?? accelerator.MemorySize;
                int group = options.GroupSize ?? Math.Min(64, accelerator.MaxNumThreadsPerGroup);
                var description = string.Create(CultureInfo.InvariantCulture, $"CUDA {accelerator.Name} ({accelerator.MemorySize / (double)(1L << 30):0.0} GiB)");
                return new ComputeDevice(context, accelerator, description, kind, group, memory);
            }
            if (kind == DeviceKind.Gpu)
                notices?.WriteLine("notice: --device gpu: no CUDA device found; running on the ILGPU CPU accelerator instead.");
            var cpuAccelerator = cpu.CreateAccelerator(context);
            long available = options.MemoryBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            int groupSize = options.GroupSize ?? 1;
            string fallback = kind == DeviceKind.Gpu ? "fallback: no CUDA device; " : "";
            string groups = groupSize == 1 ? "" : $", groups of {groupSize}";
            return new ComputeDevice(context, cpuAccelerator, $"ILGPU CPU accelerator ({fallback}{threads} threads{groups})", kind, groupSize, available);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>The kernels for one precision, compiled on first use.</summary>
    internal DeviceKernels<T> Kernels<T, TOps>(Precision precision)
        where T : unmanaged where TOps : struct, IDeviceArithmetic<T>
    {
        if (_kernels.TryGetValue(precision, out var loaded)) return (DeviceKernels<T>)loaded;
        var kernels = DeviceKernels<T>.Load<TOps>(this);
        _kernels[precision] = kernels;
        return kernels;
    }

    public override string ToString() => Description;

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}

/// <summary>The loaded <see cref="ProgramKernels"/> of one precision on one device; launch failures name the device and kernel.</summary>
internal sealed class DeviceKernels<T> where T : unmanaged
{
    private readonly ComputeDevice _device;
    private readonly Action<KernelConfig, ArrayView<T>, ArrayView<int>, ArrayView<long>, ArrayView<int>, ArrayView<double>, KernelArguments> _evaluate;
    private readonly Action<KernelConfig, ArrayView<T>, ArrayView<int>, ArrayView<long>, ArrayView<int>, ArrayView<double>, ArrayView<long>, ArrayView<int>, KernelArguments> _step;

    private DeviceKernels(ComputeDevice device,
        Action<KernelConfig, ArrayView<T>, ArrayView<int>, ArrayView<long>, ArrayView<int>, ArrayView<double>, KernelArguments> evaluate,
        Action<KernelConfig, ArrayView<T>, ArrayView<int>, ArrayView<long>, ArrayView<int>, ArrayView<double>, ArrayView<long>, ArrayView<int>, KernelArguments> step)
    {
        _device = device;
        _evaluate = evaluate;
        _step = step;
    }

    public static string EvaluateName => $"ProgramKernels.Evaluate<{typeof(T).Name}>";
    public static string StepName => $"ProgramKernels.Step<{typeof(T).Name}>";

    public static DeviceKernels<T> Load<TOps>(ComputeDevice device) where TOps : struct, IDeviceArithmetic<T>
    {
        var a = device.Accelerator;
        var evaluate = Guard(device, EvaluateName, () =>
            a.LoadStreamKernel<ArrayView<T>, ArrayView<int>, ArrayView<long>, ArrayView<int>, ArrayView<double>, KernelArguments>(ProgramKernels.Evaluate<T, TOps>));
        var step = Guard(device, StepName, () =>
            a.LoadStreamKernel<ArrayView<T>, ArrayView<int>, ArrayView<long>, ArrayView<int>, ArrayView<double>, ArrayView<long>, ArrayView<int>, KernelArguments>(ProgramKernels.Step<T, TOps>));
        return new DeviceKernels<T>(device, evaluate, step);
    }

    public void Evaluate(int problems, ArrayView<T> x, ArrayView<int> ints, ArrayView<long> segments, ArrayView<int> program, ArrayView<double> scalars, KernelArguments args) =>
        Guard(_device, EvaluateName, () =>
        {
            _evaluate(new KernelConfig(problems, _device.GroupSize), x, ints, segments, program, scalars, args);
            _device.Accelerator.Synchronize();
            return 0;
        });

    public void Step(int problems, ArrayView<T> x, ArrayView<int> ints, ArrayView<long> segments, ArrayView<int> program, ArrayView<double> scalars,
        ArrayView<long> iterations, ArrayView<int> status, KernelArguments args) =>
        Guard(_device, StepName, () =>
        {
            _step(new KernelConfig(problems, _device.GroupSize), x, ints, segments, program, scalars, iterations, status, args);
            _device.Accelerator.Synchronize();
            return 0;
        });

    private static TResult Guard<TResult>(ComputeDevice device, string kernel, Func<TResult> run)
    {
        try { return run(); }
        catch (Exception ex) when (ex is not DeviceKernelException and not OutOfMemoryException)
        {
            throw new DeviceKernelException(device.Description, kernel, ex);
        }
    }
}
