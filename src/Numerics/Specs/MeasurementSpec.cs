using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Specs;

public enum MeasurementKind { Completion, Sensing }

/// <summary>
/// How 𝒲* is observed (the config's <c>observations</c> section). Completion: a seeded random permutation of
/// the entries, the first <see cref="Count"/> observed (train), the rest held out (test), as in theory.md §8.1 C.
/// Sensing: Gaussian measurement tensors with entries 𝒩(0, 1/size).
/// </summary>
public sealed record MeasurementSpec(MeasurementKind Kind, int Count, int Seed, LossNormalization Normalization)
{
    public (ILoss Loss, int[] Train, int[] Test) Build(TensorShape shape, ReadOnlySpan<double> target)
    {
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
