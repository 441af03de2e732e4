namespace ImplicitReg.Numerics.Gpu;

/// <summary>A kernel failed to compile, load or run; the message names the device and the kernel.</summary>
public sealed class DeviceKernelException(string device, string kernel, Exception inner)
    : Exception($"{device}: kernel {kernel} failed: {inner.GetType().Name}: {inner.Message}", inner)
{
    public string Device { get; } = device;
    public string Kernel { get; } = kernel;
}

/// <summary>A batch does not fit the device's memory even one problem at a time; the message names the sizes.</summary>
public sealed class DeviceMemoryException(string message) : Exception(message);
