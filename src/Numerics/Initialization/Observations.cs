using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>Observed (train) and held-out (test) entries of a completion problem, as linear C-order indices.</summary>
public sealed record ObservationSplit(int[] Train, int[] Test);

/// <summary>
/// Completion observations (theory.md §8.1 C, TF-E1): a random permutation of all entries; the first
/// <c>count</c> are observed (train), the rest are the test entries.
/// </summary>
public static class Observations
{
    public static ObservationSplit Sample(TensorShape shape, int count, int seed)
    {
        if (count < 0 || count > shape.Size) throw new ArgumentOutOfRangeException(nameof(count), $"Cannot observe {count} of the {shape.Size} entries of {shape}.");
        var order = new Gaussian(seed).Permutation(shape.Size);
        return new ObservationSplit(order[..count], order[count..]);
    }
}
