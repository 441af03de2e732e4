namespace ImplicitReg.Numerics.Data;

/// <summary>
/// TF-E3's pixel → tensor index (theory.md §5.2, §8.1 H): the official code maps p ∈ {0…255} to ToTensor's p/255 and
/// then to round(p/255·(K−1)) with K = 2 values, i.e. 1 iff p ≥ 128 (127/255 &lt; ½ &lt; 128/255, no ties).
/// </summary>
public static class PixelBinarization
{
    public const byte Threshold = 128;

    public static byte Binarize(byte pixel) => pixel >= Threshold ? (byte)1 : (byte)0;

    public static void Binarize(ReadOnlySpan<byte> pixels, Span<byte> binary)
    {
        if (binary.Length < pixels.Length) throw new ArgumentException($"{binary.Length} outputs for {pixels.Length} pixels.", nameof(binary));
        for (int i = 0; i < pixels.Length; i++) binary[i] = pixels[i] >= Threshold ? (byte)1 : (byte)0;
    }
}
