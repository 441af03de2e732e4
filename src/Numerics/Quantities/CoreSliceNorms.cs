using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Core slice norms s^(n)_i = ‖𝒢^(n)_i‖_F, 𝒢^(n)_i the slice of the core with mode-n index i (theory.md DT-2; H24 code
/// model.py L59–81 logs them for mode 1, L171–222 counts them above thresholds). Mode n is 0-based.
/// </summary>
public static class CoreSliceNorms
{
    /// <summary>s^(n)_i for i ∈ [R_n] into <paramref name="norms"/> (length shape[mode]).</summary>
    public static void Compute(ReadOnlySpan<double> core, TensorShape shape, int mode, Span<double> norms)
    {
        if (core.Length < shape.Size) throw new ArgumentException($"Core has {core.Length} of {shape.Size} entries {shape}.", nameof(core));
        int r = shape[mode], b = shape.Strides[mode], a = shape.Size / (r * b);
        norms[..r].Clear();
        for (int p = 0; p < a; p++)
            for (int i = 0; i < r; i++)
            {
                var slice = core.Slice((p * r + i) * b, b);
                double s = 0;
                foreach (var x in slice) s += x * x;
                norms[i] += s;
            }
        for (int i = 0; i < r; i++) norms[i] = Math.Sqrt(norms[i]);
    }

    public static double[] Compute(ReadOnlySpan<double> core, TensorShape shape, int mode)
    {
        var norms = new double[shape[mode]];
        Compute(core, shape, mode, norms);
        return norms;
    }

    /// <summary>[mode][i] = s^(n)_i for every mode.</summary>
    public static double[][] AllModes(ReadOnlySpan<double> core, TensorShape shape)
    {
        var all = new double[shape.Order][];
        for (int n = 0; n < shape.Order; n++) all[n] = Compute(core, shape, n);
        return all;
    }
}
