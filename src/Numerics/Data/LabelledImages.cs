namespace ImplicitReg.Numerics.Data;

/// <summary>
/// Images with class labels, stored compactly: <see cref="Pixels"/> is m × P bytes, row-major (image i is bytes
/// i·P … i·P + P − 1; P = 784 for 28×28), <see cref="Labels"/> one byte per image. Immutable: the subset and
/// randomization methods return new sets (TF-E3's variants, theory.md §5.2), each seeded and deterministic.
/// </summary>
public sealed class LabelledImages
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <param name="pixels">m × <paramref name="pixelCount"/> bytes, row-major; kept, not copied.</param>
    /// <param name="labels">m class labels; kept, not copied.</param>
    public LabelledImages(byte[] pixels, byte[] labels, int pixelCount)
    {
        if (pixelCount <= 0) throw new ArgumentOutOfRangeException(nameof(pixelCount), pixelCount, "An image has at least one pixel.");
        if (pixels.Length != (long)labels.Length * pixelCount)
            throw new ArgumentException($"{pixels.Length} pixel bytes are not {labels.Length} images of {pixelCount} pixels.", nameof(pixels));
        _pixels = pixels;
        _labels = labels;
        PixelCount = pixelCount;
    }

    public int Count => _labels.Length;
    public int PixelCount { get; }
    public ReadOnlySpan<byte> Pixels => _pixels;
    public ReadOnlySpan<byte> Labels => _labels;
    public ReadOnlySpan<byte> Image(int i) => _pixels.AsSpan(checked(i * PixelCount), PixelCount);

    /// <summary>Number of images per label 0 … classes − 1.</summary>
    public int[] LabelCounts(int classes = 10)
    {
        var counts = new int[classes];
        foreach (var l in _labels)
        {
            if (l >= classes) throw new InvalidOperationException($"Label {l} is outside 0…{classes - 1}.");
            counts[l]++;
        }
        return counts;
    }

    /// <summary>Every pixel p ↦ 1 iff p ≥ 128 (<see cref="PixelBinarization"/>).</summary>
    public LabelledImages Binarized()
    {
        var binary = new byte[_pixels.Length];
        PixelBinarization.Binarize(_pixels, binary);
        return new LabelledImages(binary, _labels, PixelCount);
    }

    /// <summary>The first <paramref name="n"/> images.</summary>
    public LabelledImages First(int n)
    {
        CheckCount(n);
        return Select(Enumerable.Range(0, n).ToArray());
    }

    /// <summary><paramref name="n"/> distinct images drawn uniformly with <paramref name="seed"/>, kept in their original order.</summary>
    public LabelledImages Sample(int n, int seed)
    {
        CheckCount(n);
        var chosen = new Random.Gaussian(seed).Permutation(Count)[..n];
        Array.Sort(chosen);
        return Select(chosen);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public LabelledImages Select(ReadOnlySpan<int> indices)
    {
        var pixels = new byte[(long)indices.Length * PixelCount];
        var labels = new byte[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            Image(indices[k]).CopyTo(pixels.AsSpan(k * PixelCount, PixelCount));
            labels[k] = _labels[indices[k]];
        }
        return new LabelledImages(pixels, labels, PixelCount);
    }

    /// <summary>TF-E3 "rand label": the same images, labels permuted uniformly (seeded); the label multiset is kept.</summary>
    public LabelledImages WithPermutedLabels(int seed)
    {
        var permutation = new Random.Gaussian(seed).Permutation(Count);
        var labels = new byte[Count];
        for (int i = 0; i < Count; i++) labels[i] = _labels[permutation[i]];
        return new LabelledImages(_pixels, labels, PixelCount);
    }

    /// <summary>
    /// TF-E3 "rand image": the same labels (so the class proportions), every pixel replaced by an i.i.d. uniform draw
    /// from {0, 1} (one bit of <see cref="System.Random"/>(seed).NextBytes per pixel).
    /// </summary>
    public LabelledImages WithRandomImages(int seed)
    {
        var bits = new byte[(_pixels.Length + 7) / 8];
        new System.Random(seed).NextBytes(bits);
        var pixels = new byte[_pixels.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)((bits[i >> 3] >> (i & 7)) & 1);
        return new LabelledImages(pixels, _labels, PixelCount);
    }

    private void CheckCount(int n)
    {
        if (n < 1 || n > Count) throw new ArgumentOutOfRangeException(nameof(n), n, $"A subset of 1…{Count} images.");
    }
}
