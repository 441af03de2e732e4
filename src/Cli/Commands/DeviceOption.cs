using System.CommandLine;
using ImplicitReg.Numerics.Gpu;

namespace ImplicitReg.Cli.Commands;

/// <summary>`--device auto|cpu|gpu` (absent: the managed C# path) and `--precision float64|float32`, shared by simulate, verify and bench.</summary>
public static class DeviceOption
{
    public static Option<string?> Create(string description)
    {
        var option = new Option<string?>("--device") { Description = description };
        option.AcceptOnlyFromAmong([.. DeviceKinds.Names]);
        return option;
    }

    public static DeviceKind? Parse(string? value) => value is null ? null : DeviceKinds.Parse(value);

    public static Option<string> CreatePrecision()
    {
        var option = new Option<string>("--precision") { Description = "Device tensor precision: float64 (default) or float32.", DefaultValueFactory = _ => "float64" };
        option.AcceptOnlyFromAmong("float64", "float32");
        return option;
    }

    public static Precision ParsePrecision(string value) => value == "float32" ? Precision.Float32 : Precision.Float64;
}
