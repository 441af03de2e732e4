using ImplicitReg.Numerics.Data;

namespace ImplicitReg.Properties.Data;

/// <summary>
/// The real files of ../shared/data (shared/data/README.md): checksums of the decompressed content equal the published
/// values (verified on load), dimensions and per-class label counts are the listed ones, and the binarized images hold
/// only 0 and 1 — with MNIST's ones exactly the raw pixels ≥ 128.
/// </summary>
public sealed class RealDataTests
{
    [DataFact]
    public void MnistHasTheListedDimensionsAndLabelCounts()
    {
        var mnist = SharedData.Mnist;
        Assert.Equal((60_000, 784), (mnist.Train.Count, mnist.Train.PixelCount));
        Assert.Equal((10_000, 784), (mnist.Test.Count, mnist.Test.PixelCount));
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], mnist.Train.LabelCounts());
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], mnist.Test.LabelCounts());
    }

    [DataFact]
    public void FashionMnistHasTheListedDimensionsAndLabelCounts()
    {
        var fashion = SharedData.FashionMnist;
        Assert.Equal((60_000, 784), (fashion.Train.Count, fashion.Train.PixelCount));
        Assert.Equal((10_000, 784), (fashion.Test.Count, fashion.Test.PixelCount));
        Assert.All(fashion.Train.LabelCounts(), c => Assert.Equal(6000, c));
        Assert.All(fashion.Test.LabelCounts(), c => Assert.Equal(1000, c));
    }

    [DataFact]
    public void BinarizedImagesHoldZerosAndOnesOnly()
    {
        foreach (var corpus in new[] { SharedData.Mnist, SharedData.FashionMnist })
            foreach (var set in new[] { corpus.Train, corpus.Test })
            {
                Assert.True(set.Pixels.IndexOfAnyExcept((byte)0, (byte)1) < 0, $"{corpus.Corpus}: a pixel outside {{0, 1}}");
                double ones = set.Pixels.Count((byte)1) / (double)set.Pixels.Length;
                Assert.InRange(ones, 0.05, 0.5);   // MNIST ≈ 0.13, Fashion-MNIST ≈ 0.4 of the pixels are ≥ 128
            }
    }

    [DataFact]
    public void MnistOnesAreExactlyTheRawPixelsFrom128Up()
    {
        var dir = SharedData.Require();
        var raw = IdxFile.ReadImages(Path.Combine(dir, "mnist/t10k-images-idx3-ubyte.gz"), DataChecksums.Of("mnist/t10k-images-idx3-ubyte.gz"));
        var binary = SharedData.Mnist.Test.Pixels;
        int mismatches = 0, at127 = 0, at128 = 0;
        for (int i = 0; i < raw.Data.Length; i++)
        {
            if (binary[i] != (raw.Data[i] >= 128 ? 1 : 0)) mismatches++;
            at127 += raw.Data[i] == 127 ? 1 : 0;
            at128 += raw.Data[i] == 128 ? 1 : 0;
        }
        Assert.Equal(0, mismatches);
        Assert.True(at127 > 0 && at128 > 0, "the file has pixels on both sides of the threshold");
    }

    [DataFact]
    public void EveryDataFileHasThePublishedChecksum()
    {
        var dir = SharedData.Require();
        foreach (var (file, sha256) in DataChecksums.Sha256)
            IdxFile.VerifySha256(file, IdxFile.ReadContent(Path.Combine(dir, file)), sha256);
    }
}
