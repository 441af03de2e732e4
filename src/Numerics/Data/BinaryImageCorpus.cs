namespace ImplicitReg.Numerics.Data;

/// <summary>
/// A TF-E3 corpus read from a data folder (shared/data/README.md; nothing downloads) and binarized: MNIST from its four
/// IDX files, train and test images binarized here; Fashion-MNIST from the already binarized training file
/// (train-images-idx3-ubyte-bin128, bytes 0/1) and the t10k images binarized here, by the same rule (p ≥ 128,
/// <see cref="PixelBinarization"/>). Each file may be gzip-compressed (the listed .gz name) or raw (the name without
/// .gz); with verification, the sha256 of its decompressed content must equal <see cref="DataChecksums"/>.
/// </summary>
public sealed record BinaryImageCorpus(ImageCorpus Corpus, LabelledImages Train, LabelledImages Test)
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;

    /// <summary>The four files of <paramref name="corpus"/>, relative to the data folder: train images, train labels, test images, test labels.</summary>
    public static (string TrainImages, string TrainLabels, string TestImages, string TestLabels) Files(ImageCorpus corpus) => corpus switch
    {
        ImageCorpus.Mnist => ("mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz", "mnist/t10k-images-idx3-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz"),
        ImageCorpus.FashionMnist => ("fashion-mnist/train-images-idx3-ubyte-bin128.gz", "fashion-mnist/train-labels-idx1-ubyte.gz",
            "fashion-mnist/t10k-images-idx3-ubyte.gz", "fashion-mnist/t10k-labels-idx1-ubyte.gz"),
        _ => throw new ArgumentOutOfRangeException(nameof(corpus), corpus, "Unknown image corpus."),
    };

    public static BinaryImageCorpus Load(string dataDirectory, ImageCorpus corpus, bool verifyChecksums = true)
    {
        if (!Directory.Exists(dataDirectory)) throw new DirectoryNotFoundException($"Data folder {dataDirectory} does not exist (see shared/data/README.md; nothing is downloaded).");
        var files = Files(corpus);
        var train = Set(dataDirectory, files.TrainImages, files.TrainLabels, verifyChecksums, binarized: corpus == ImageCorpus.FashionMnist);
        var test = Set(dataDirectory, files.TestImages, files.TestLabels, verifyChecksums, binarized: false);
        return new BinaryImageCorpus(corpus, train, test);
    }

    private static LabelledImages Set(string directory, string imagesFile, string labelsFile, bool verify, bool binarized)
    {
        var images = IdxFile.ReadImages(Resolve(directory, imagesFile), verify ? DataChecksums.Of(imagesFile) : null);
        var labels = IdxFile.ReadLabels(Resolve(directory, labelsFile), verify ? DataChecksums.Of(labelsFile) : null);
        if (images.Dims[1] != Side || images.Dims[2] != Side)
            throw new IdxFormatException(images.Path, $"images of {images.Dims[1]}×{images.Dims[2]} pixels, expected {Side}×{Side}");
        if (images.Dims[0] != labels.Dims[0])
            throw new IdxFormatException(labels.Path, $"{labels.Dims[0]} labels for the {images.Dims[0]} images of {images.Path}");
        for (int i = 0; i < labels.Data.Length; i++)
            if (labels.Data[i] > 9) throw new IdxFormatException(labels.Path, $"label {labels.Data[i]} of item {i} is outside 0…9");
        var set = new LabelledImages(images.Data, labels.Data, PixelCount);
        if (!binarized) return set.Binarized();
        int bad = images.Data.AsSpan().IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0) throw new IdxFormatException(images.Path, $"pixel {bad % PixelCount} of image {bad / PixelCount} is {images.Data[bad]}; a binarized file holds 0 and 1 only");
        return set;
    }

    /// <summary>The .gz file if present, else the raw file of the same name without .gz.</summary>
    private static string Resolve(string directory, string relative)
    {
        var gz = Path.Combine(directory, relative);
        if (File.Exists(gz)) return gz;
        var raw = gz.EndsWith(".gz", StringComparison.Ordinal) ? gz[..^3] : gz;
        if (File.Exists(raw)) return raw;
        throw new FileNotFoundException($"Data file {relative} is missing from {directory} (neither {gz} nor {raw}; see shared/data/README.md).", gz);
    }
}
