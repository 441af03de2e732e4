namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// Which device runs the batched simulations (`--device auto|cpu|gpu`): <see cref="Auto"/> takes a CUDA device when one
/// is present and the ILGPU CPU accelerator otherwise; <see cref="Cpu"/> the ILGPU CPU accelerator; <see cref="Gpu"/> a
/// CUDA device, falling back to the CPU accelerator with a one-line notice where none exists. Without `--device` the
/// managed C# path runs (the default everywhere).
/// </summary>
public enum DeviceKind
{
    Auto,
    Cpu,
    Gpu,
}

public static class DeviceKinds
{
    public static readonly IReadOnlyList<string> Names = ["auto", "cpu", "gpu"];

    /// <summary>"auto" | "cpu" | "gpu" (case-insensitive).</summary>
    public static DeviceKind Parse(string text) => text.ToLowerInvariant() switch
    {
        "auto" => DeviceKind.Auto,
        "cpu" => DeviceKind.Cpu,
        "gpu" => DeviceKind.Gpu,
        _ => throw new ArgumentException($"--device: '{text}' is not one of auto, cpu, gpu."),
    };
}
