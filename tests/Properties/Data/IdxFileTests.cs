using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using ImplicitReg.Numerics.Data;

namespace ImplicitReg.Properties.Data;

/// <summary>
/// The IDX reader on small synthetic files, gzip-compressed and raw (detected from the content): dimensions and data
/// read back; every malformed file (bad magic, other element type, truncated header or data, trailing bytes, corrupt
/// gzip, wrong checksum, images and labels of different counts) fails with an error that names the file and the fault.
/// </summary>
public sealed class IdxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int n = 0; n < dims.Length; n++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * n), dims[n]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(content);
        return output.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Pixels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 37 % 256)).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ImagesReadBackWithTheirDimensionsAndData(bool gzip)
    {
        var data = Pixels(3 * 4 * 5);
        var content = Idx(0x08, [3, 4, 5], data);
        var path = Write(gzip ? "images.gz" : "images", gzip ? Gzip(content) : content);
        var a = IdxFile.ReadImages(path, Convert.ToHexString(SHA256.HashData(content)));
        Assert.Equal(IdxFile.ImagesMagic, a.Magic);
        Assert.Equal([3, 4, 5], a.Dims);
        Assert.Equal(data, a.Data);
    }

    [Fact]
    public void GzipIsDetectedFromTheContentNotTheName()
    {
        var content = Idx(0x08, [4], [1, 2, 3, 4]);
        Assert.Equal([1, 2, 3, 4], IdxFile.ReadLabels(Write("labels-no-extension", Gzip(content))).Data);
        Assert.Equal([1, 2, 3, 4], IdxFile.ReadLabels(Write("raw.gz", content)).Data);
    }

    public static TheoryData<string, byte[], string> Malformed() => new()
    {
        { "empty", [], "truncated: 0 bytes" },
        { "bad-magic", [1, 0, 8, 1, 0, 0, 0, 1, 5], "bad magic 01 00 08 01" },
        { "float-type", Idx(0x0D, [2], new byte[8]), "element type 0x0D" },
        { "zero-dims", [0, 0, 8, 0], "zero dimensions" },
        { "short-header", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0], "truncated header: 10 bytes, 3 dimensions need 16" },
        { "short-data", Idx(0x08, [2, 3], [1, 2, 3, 4, 5]), "dimensions [2×3] need 6 data bytes, the file holds 5" },
        { "trailing", Idx(0x08, [2], [1, 2, 3]), "1 trailing bytes after the 2 data bytes of [2]" },
        { "corrupt.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff], "starts with the gzip magic but does not decompress" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFilesFailNamingTheFileAndTheFault(string name, byte[] bytes, string fault)
    {
        var path = Write(name, bytes);
        var e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(fault, e.Message);
    }

    [Fact]
    public void ATruncatedGzipFileFailsNamingTheFile()
    {
        var content = Idx(0x08, [50, 28, 28], Pixels(50 * 28 * 28));
        var gz = Gzip(content);
        var path = Write("truncated.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.True(e.Message.Contains("does not decompress") || e.Message.Contains("truncated"), e.Message);
    }

    [Fact]
    public void AnImageFileIsNotALabelFile()
    {
        var path = Write("images", Idx(0x08, [1, 2, 2], [0, 1, 2, 3]));
        var e = Assert.Throws<IdxFormatException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("magic 0x0803 (3 dimensions), an IDX labels file has 0x0801", e.Message);
    }

    [Fact]
    public void AWrongChecksumFailsWithBothHashes()
    {
        var content = Idx(0x08, [2], [7, 9]);
        var path = Write("labels.gz", Gzip(content));
        var expected = new string('0', 64);
        var e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path, expected));
        Assert.Contains($"sha256 of the decompressed content is {Convert.ToHexStringLower(SHA256.HashData(content))}, expected {expected}", e.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var path = Path.Combine(_dir, "nope.gz");
        Assert.Equal($"{path}: file not found", Assert.Throws<IdxFormatException>(() => IdxFile.Read(path)).Message);
    }

    /// <summary>A data folder laid out as shared/data, with tiny synthetic MNIST files (raw, without .gz).</summary>
    private void WriteMnistFolder(int trainImages, int trainLabels, byte trainPixel = 200)
    {
        var image = Enumerable.Repeat(trainPixel, 28 * 28).ToArray();
        Write("mnist/train-images-idx3-ubyte", Idx(0x08, [trainImages, 28, 28], [.. Enumerable.Range(0, trainImages).SelectMany(_ => image)]));
        Write("mnist/train-labels-idx1-ubyte", Idx(0x08, [trainLabels], [.. Enumerable.Range(0, trainLabels).Select(i => (byte)(i % 10))]));
        Write("mnist/t10k-images-idx3-ubyte", Idx(0x08, [2, 28, 28], new byte[2 * 28 * 28]));
        Write("mnist/t10k-labels-idx1-ubyte", Idx(0x08, [2], [6, 1]));
    }

    [Fact]
    public void ImagesAndLabelsOfDifferentCountsFailNamingTheLabelFile()
    {
        WriteMnistFolder(trainImages: 3, trainLabels: 2);
        var e = Assert.Throws<IdxFormatException>(() => BinaryImageCorpus.Load(_dir, ImageCorpus.Mnist, verifyChecksums: false));
        Assert.Contains("train-labels-idx1-ubyte: 2 labels for the 3 images of", e.Message);
    }

    [Fact]
    public void ACorpusReadsRawFilesAndBinarizesThem()
    {
        WriteMnistFolder(trainImages: 3, trainLabels: 3, trainPixel: 128);
        var corpus = BinaryImageCorpus.Load(_dir, ImageCorpus.Mnist, verifyChecksums: false);
        Assert.Equal(3, corpus.Train.Count);
        Assert.True(corpus.Train.Pixels.IndexOfAnyExcept((byte)1) < 0);
        Assert.True(corpus.Test.Pixels.IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal([6, 1], corpus.Test.Labels.ToArray());
    }

    [Fact]
    public void VerificationRejectsFilesOtherThanThePublishedOnes()
    {
        WriteMnistFolder(trainImages: 3, trainLabels: 3);
        var e = Assert.Throws<IdxFormatException>(() => BinaryImageCorpus.Load(_dir, ImageCorpus.Mnist));
        Assert.Contains($"expected {DataChecksums.Of("mnist/train-images-idx3-ubyte.gz")}", e.Message);
    }

    [Fact]
    public void AMissingCorpusFileNamesBothNamesTried()
    {
        var e = Assert.Throws<FileNotFoundException>(() => BinaryImageCorpus.Load(_dir, ImageCorpus.FashionMnist));
        Assert.Contains("fashion-mnist/train-images-idx3-ubyte-bin128.gz is missing", e.Message);
    }
}
