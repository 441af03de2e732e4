namespace ImplicitReg.Numerics.IO;

/// <summary>The element types this project reads and writes in .npy files.</summary>
public enum NpyDtype
{
    /// <summary>'&lt;f8', little-endian IEEE float64.</summary>
    Float64,
    /// <summary>'&lt;i8', little-endian int64.</summary>
    Int64,
}

/// <summary>A C-ordered array read from a .npy file: its shape and exactly one of the two data arrays.</summary>
public sealed class NpyArray
{
    internal NpyArray(int[] shape, double[]? float64, long[]? int64)
    {
        Shape = shape;
        Float64 = float64;
        Int64 = int64;
    }

    public int[] Shape { get; }
    public NpyDtype Dtype => Float64 is not null ? NpyDtype.Float64 : NpyDtype.Int64;
    public double[]? Float64 { get; }
    public long[]? Int64 { get; }
    public int Count => Float64?.Length ?? Int64!.Length;

    /// <summary>Python's repr of the shape tuple: (), (3,), (2, 3).</summary>
    public static string FormatShape(ReadOnlySpan<int> shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => $"({string.Join(", ", shape.ToArray())})",
    };

    public static string Descr(NpyDtype dtype) => dtype == NpyDtype.Float64 ? "<f8" : "<i8";
}
