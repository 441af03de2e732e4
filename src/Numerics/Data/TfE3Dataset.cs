namespace ImplicitReg.Numerics.Data;

/// <summary>
/// One TF-E3 data set (theory.md §5.2, §8.1 H): binarized images as order-784 multi-indices (D = 2) and one-vs-all
/// regression targets y = 2 for <see cref="PositiveClass"/> (default 6), 0 otherwise; a variant (original, rand
/// label, rand image) and optionally a subset (for quick runs). Images are <see cref="LabelledImages"/> rows of 784
/// bytes — the multi-index matrix of <see cref="Models.LargeScaleCpFactorization"/>.
/// </summary>
public sealed record TfE3Dataset(ImageCorpus Corpus, TfE3Variant Variant, int PositiveClass, LabelledImages Train, LabelledImages Test)
{
    /// <summary>The target of the positive class (the official code's one-vs-all value; the plot divides errors by its square, 4).</summary>
    public const double PositiveTarget = 2;

    public double[] TrainTargets { get; } = Targets(Train, PositiveClass);
    public double[] TestTargets { get; } = Targets(Test, PositiveClass);

    public string Name => $"{Corpus} {Variant} (train {Train.Count}, test {Test.Count}, positive class {PositiveClass})";

    /// <summary>
    /// The variant of <paramref name="corpus"/>: first the subset (the first n images, or n drawn with the seed when
    /// <paramref name="sampleSubset"/>), then the randomization, within the training set and within the test set, with
    /// seeds derived from <paramref name="seed"/>.
    /// </summary>
    public static TfE3Dataset Create(BinaryImageCorpus corpus, TfE3Variant variant, int positiveClass = 6, int seed = 0,
        int? trainCount = null, int? testCount = null, bool sampleSubset = false)
    {
        if (positiveClass is < 0 or > 9) throw new ArgumentOutOfRangeException(nameof(positiveClass), positiveClass, "The positive class is a label 0…9.");
        var train = Subset(corpus.Train, trainCount, sampleSubset, seed);
        var test = Subset(corpus.Test, testCount, sampleSubset, seed + 1);
        (train, test) = variant switch
        {
            TfE3Variant.Original => (train, test),
            TfE3Variant.RandLabel => (train.WithPermutedLabels(seed + 2), test.WithPermutedLabels(seed + 3)),
            TfE3Variant.RandImage => (train.WithRandomImages(seed + 4), test.WithRandomImages(seed + 5)),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown TF-E3 variant."),
        };
        return new TfE3Dataset(corpus.Corpus, variant, positiveClass, train, test);
    }

    private static LabelledImages Subset(LabelledImages set, int? count, bool sample, int seed) =>
        count is not { } n || n == set.Count ? set : sample ? set.Sample(n, seed) : set.First(n);

    private static double[] Targets(LabelledImages set, int positiveClass)
    {
        var y = new double[set.Count];
        var labels = set.Labels;
        for (int i = 0; i < y.Length; i++) y[i] = labels[i] == positiveClass ? PositiveTarget : 0;
        return y;
    }
}
