namespace ImplicitReg.Numerics.Data;

/// <summary>
/// sha256 of the decompressed content of each data file, by path relative to the data folder (shared/data/README.md):
/// the published values for the original MNIST and Fashion-MNIST files — the check that matters, since gzip wrappers
/// differ from copy to copy — and ours for the derived binarized Fashion-MNIST training images.
/// </summary>
public static class DataChecksums
{
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mnist/t10k-images-idx3-ubyte.gz"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["mnist/t10k-labels-idx1-ubyte.gz"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        ["mnist/train-images-idx3-ubyte.gz"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["mnist/train-labels-idx1-ubyte.gz"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["fashion-mnist/t10k-images-idx3-ubyte.gz"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["fashion-mnist/t10k-labels-idx1-ubyte.gz"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        ["fashion-mnist/train-labels-idx1-ubyte.gz"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["fashion-mnist/train-images-idx3-ubyte-bin128.gz"] = "8768aaf746d58f56e9dd68704870d1adaf98dc0b9f1b85d498cda8ceb9989a85",
    };

    /// <summary>The expected sha256 of <paramref name="relativePath"/> (the .gz name; the raw file has the same content hash).</summary>
    public static string Of(string relativePath) =>
        Sha256.TryGetValue(relativePath, out var h) ? h : throw new KeyNotFoundException($"No checksum for data file {relativePath} (have: {string.Join(", ", Sha256.Keys)}).");
}
