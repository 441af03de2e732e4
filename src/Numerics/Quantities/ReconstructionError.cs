namespace ImplicitReg.Numerics.Quantities;

/// <summary>Reconstruction errors of theory.md §1.1.</summary>
public static class ReconstructionError
{
    /// <summary>‖𝒲 − 𝒲*‖_F / ‖𝒲*‖_F (RMC21/RMC22/RC20 evaluators).</summary>
    public static double Normalized(ReadOnlySpan<double> w, ReadOnlySpan<double> target)
    {
        if (w.Length != target.Length) throw new ArgumentException($"Tensors of {w.Length} and {target.Length} entries.");
        double num = 0, den = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double d = w[i] - target[i];
            num += d * d;
            den += target[i] * target[i];
        }
        return Math.Sqrt(num / den);
    }

    /// <summary>ACHL19 "reconst error": mean over all entries of (W* − W)² (main.py L147–148).</summary>
    public static double MeanSquared(ReadOnlySpan<double> w, ReadOnlySpan<double> target)
    {
        if (w.Length != target.Length) throw new ArgumentException($"Tensors of {w.Length} and {target.Length} entries.");
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += (w[i] - target[i]) * (w[i] - target[i]);
        return s / w.Length;
    }
}
