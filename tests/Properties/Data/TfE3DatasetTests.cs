using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Data;

namespace ImplicitReg.Properties.Data;

/// <summary>
/// TF-E3's data (theory.md §5.2, §8.1 H): pixel p ↦ 1 iff p ≥ 128 = round(p/255); targets 2 for the positive class and
/// 0 otherwise; "rand label" permutes labels within each set (the label multiset kept), "rand image" draws i.i.d.
/// uniform bits and keeps the labels (the class proportions); subsets; same seed ⇒ same data.
/// </summary>
[Properties(MaxTest = 50, Replay = Seeds.Replay)]
public class TfE3DatasetTests
{
    [Fact]
    public void BinarizationIsRoundingOfPOver255()
    {
        for (int p = 0; p <= 255; p++)
            Assert.Equal((byte)Math.Round(p / 255.0, MidpointRounding.ToEven), PixelBinarization.Binarize((byte)p));
        Assert.Equal(0, PixelBinarization.Binarize(127));
        Assert.Equal(1, PixelBinarization.Binarize(128));
    }

    /// <summary>A random labelled set: m images of P pixels 0…255, labels 0…9.</summary>
    private static Arbitrary<(LabelledImages Set, int Seed)> Sets() =>
        (from m in Gen.Choose(1, 60)
         from p in Gen.Choose(1, 30)
         from seed in Gen.Choose(0, 1_000_000)
         let random = new Random(seed)
         let pixels = Enumerable.Range(0, m * p).Select(_ => (byte)random.Next(256)).ToArray()
         let labels = Enumerable.Range(0, m).Select(_ => (byte)random.Next(10)).ToArray()
         select (new LabelledImages(pixels, labels, p), seed)).ToArbitrary();

    [Property]
    public Property RandLabelPermutesLabelsAndKeepsImages() => Prop.ForAll(Sets(), c =>
    {
        var permuted = c.Set.WithPermutedLabels(c.Seed);
        return permuted.Labels.ToArray().Order().SequenceEqual(c.Set.Labels.ToArray().Order())
               && permuted.Pixels.SequenceEqual(c.Set.Pixels)
               && permuted.Labels.SequenceEqual(c.Set.WithPermutedLabels(c.Seed).Labels);
    });

    [Property]
    public Property RandImageKeepsLabelsAndDrawsBits() => Prop.ForAll(Sets(), c =>
    {
        var random = c.Set.WithRandomImages(c.Seed);
        return random.Labels.SequenceEqual(c.Set.Labels)
               && random.LabelCounts().SequenceEqual(c.Set.LabelCounts())
               && random.Pixels.IndexOfAnyExcept((byte)0, (byte)1) < 0
               && random.Pixels.SequenceEqual(c.Set.WithRandomImages(c.Seed).Pixels);
    });

    [Fact]
    public void RandImagePixelsAreFairCoins()
    {
        var set = new LabelledImages(new byte[2000 * 784], new byte[2000], 784).WithRandomImages(7);
        double ones = set.Pixels.Count((byte)1) / (double)set.Pixels.Length;
        Assert.InRange(ones, 0.5 - 5 * Math.Sqrt(0.25 / set.Pixels.Length), 0.5 + 5 * Math.Sqrt(0.25 / set.Pixels.Length));
        Assert.False(set.Pixels.SequenceEqual(new LabelledImages(new byte[2000 * 784], new byte[2000], 784).WithRandomImages(8).Pixels));
    }

    [Property]
    public Property SubsetsTakeTheFirstOrASeededSampleInOrder() => Prop.ForAll(Sets(), c =>
    {
        int n = 1 + c.Seed % c.Set.Count;
        var first = c.Set.First(n);
        var sample = c.Set.Sample(n, c.Seed);
        bool firstOk = first.Count == n && first.Pixels.SequenceEqual(c.Set.Pixels[..(n * c.Set.PixelCount)]) && first.Labels.SequenceEqual(c.Set.Labels[..n]);
        // A sample is n distinct images of the set in their original order: match them greedily.
        int j = 0;
        for (int i = 0; i < c.Set.Count && j < n; i++)
            if (c.Set.Image(i).SequenceEqual(sample.Image(j)) && c.Set.Labels[i] == sample.Labels[j]) j++;
        return firstOk && sample.Count == n && j == n;
    });

    [Fact]
    public void TargetsAreTwoForThePositiveClassAndZeroOtherwise()
    {
        var images = new LabelledImages(new byte[10 * 4], [.. Enumerable.Range(0, 10).Select(i => (byte)i)], 4);
        var corpus = new BinaryImageCorpus(ImageCorpus.Mnist, images, images.First(3));
        var data = TfE3Dataset.Create(corpus, TfE3Variant.Original, positiveClass: 6);
        Assert.Equal([0, 0, 0, 0, 0, 0, 2, 0, 0, 0], data.TrainTargets);
        Assert.Equal([0, 0, 0], data.TestTargets);
        Assert.Throws<ArgumentOutOfRangeException>(() => TfE3Dataset.Create(corpus, TfE3Variant.Original, positiveClass: 10));
    }

    [Fact]
    public void VariantsRandomizeTrainAndTestSeparatelyAndKeepSubsetSizes()
    {
        var random = new Random(3);
        var images = new LabelledImages([.. Enumerable.Range(0, 200 * 16).Select(_ => (byte)random.Next(2))], [.. Enumerable.Range(0, 200).Select(i => (byte)(i % 10))], 16);
        var corpus = new BinaryImageCorpus(ImageCorpus.Mnist, images, images);
        var label = TfE3Dataset.Create(corpus, TfE3Variant.RandLabel, seed: 5, trainCount: 120, testCount: 80, sampleSubset: true);
        var image = TfE3Dataset.Create(corpus, TfE3Variant.RandImage, seed: 5, trainCount: 120, testCount: 80);
        Assert.Equal((120, 80), (label.Train.Count, label.Test.Count));
        Assert.Equal((120, 80), (image.Train.Count, image.Test.Count));
        Assert.Equal(images.First(120).Labels.ToArray(), image.Train.Labels.ToArray());
        Assert.False(image.Train.Pixels[..(80 * 16)].SequenceEqual(image.Test.Pixels));
        Assert.Equal(label.TrainTargets.Count(t => t == 2), images.Sample(120, 5).Labels.ToArray().Count(l => l == 6));
    }
}
