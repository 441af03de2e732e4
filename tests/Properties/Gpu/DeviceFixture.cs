using ImplicitReg.Numerics.Gpu;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// One ILGPU CPU accelerator for every test of the Gpu collection (creating a context is expensive). CI has no GPU:
/// every test here runs on the CPU accelerator, and none depends on CUDA.
/// </summary>
public sealed class DeviceFixture : IDisposable
{
    public ComputeDevice Device { get; } = ComputeDevice.Open(DeviceKind.Cpu);

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition("Gpu")]
public sealed class GpuCollection : ICollectionFixture<DeviceFixture>;
