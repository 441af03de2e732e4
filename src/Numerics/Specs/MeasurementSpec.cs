using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Specs;

public enum MeasurementKind { Completion, Sensing }

/// <summary>
/// How 𝒲* is observed (the config's <c>observations</c> section). Completion: a seeded random permutation of
/// the entries, the first <see cref="Count"/> observed (train), the rest held out (test), as in theory.md §8.1 C.
/// With <see cref="IndicesPath"/>, the observed entries are read from an int64 .npy file of <see cref="Count"/>
/// linear indices instead. Sensing: Gaussian measurement tensors with entries 𝒩(0, 1/size).
/// </summary>
public sealed record MeasurementSpec(MeasurementKind Kind, int Count, int Seed, LossNormalization Normalization, string? IndicesPath = null)
{
    public (ILoss Loss, int[] Train, int[] Test) Build(TensorShape shape, ReadOnlySpan<double> target)
    {
        if (Kind == MeasurementKind.Completion && IndicesPath is not null)
        {
            // Observed entries from a file (int64 linear C-order indices), e.g. the split of a PyTorch script.
            var indices = IO.Npy.ReadInt64(IndicesPath, [Count]).Select(i => i >= 0 && i < shape.Size ? (int)i
                : throw new ArgumentException($"observations.indices: index {i} in {IndicesPath} is outside the {shape.Size} entries of {shape}.")).ToArray();
            var observed = new double[indices.Length];
            for (int i = 0; i < indices.Length; i++) observed[i] = target[indices[i]];
            var held = new HashSet<int>(indices);
            return (new CompletionLoss(shape, indices, observed, Normalization), indices, Enumerable.Range(0, shape.Size).Where(i => !held.Contains(i)).ToArray());
        }
        if (Kind == MeasurementKind.Completion)
        {
            if (Count > shape.Size) throw new ArgumentException($"observations.count = {Count} exceeds the {shape.Size} entries of a {shape} tensor.");
            var split = Observations.Sample(shape, Count, Seed);
            var values = new double[Count];
            for (int i = 0; i < Count; i++) values[i] = target[split.Train[i]];
            return (new CompletionLoss(shape, split.Train, values, Normalization), split.Train, split.Test);
        }
        var g = new Gaussian(Seed);
        var a = new double[Count * shape.Size];
        g.Fill(a, 1 / Math.Sqrt(shape.Size));
        var y = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            double s = 0;
            for (int k = 0; k < shape.Size; k++) s += a[i * shape.Size + k] * target[k];
            y[i] = s;
        }
        return (new SensingLoss(shape, a, y, Normalization), [], Enumerable.Range(0, shape.Size).ToArray());
    }
}
