using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ImplicitReg.Numerics.Gpu;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// The CUDA path cannot run here (no GPU, never in CI), but ILGPU's PTX backend compiles without one: every kernel, in
/// both precisions, compiles to PTX for an sm_90 device (H100/H200; ILGPU 1.5.3 emits `.target sm_80` PTX, which the driver
/// JIT-compiles for sm_90) with its group barriers — so a kernel change that CUDA would reject fails here, not on the first
/// GPU machine.
/// </summary>
public sealed class CudaCompilationTests
{
    [Theory]
    [InlineData(nameof(ProgramKernels.Step), typeof(double), typeof(Float64Arithmetic))]
    [InlineData(nameof(ProgramKernels.Step), typeof(float), typeof(Float32Arithmetic))]
    [InlineData(nameof(ProgramKernels.Evaluate), typeof(double), typeof(Float64Arithmetic))]
    [InlineData(nameof(ProgramKernels.Evaluate), typeof(float), typeof(Float32Arithmetic))]
    public void EveryKernelCompilesToPtxForAnSm90Device(string kernel, Type value, Type arithmetic)
    {
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_85, null!);
        var method = typeof(ProgramKernels).GetMethod(kernel)!.MakeGenericMethod(value, arithmetic);
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(method), KernelSpecialization.Empty);
        Assert.Contains(".target sm_", compiled.PTXAssembly);
        Assert.Contains(".entry Kernel_" + kernel, compiled.PTXAssembly);
        Assert.Contains("bar.sync", compiled.PTXAssembly);
    }
}
