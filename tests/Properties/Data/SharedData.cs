using ImplicitReg.Numerics.Data;

namespace ImplicitReg.Properties.Data;

/// <summary>
/// The project's data folder, ../shared/data beside the repository (shared/data/README.md), or IMPLICITREG_DATA when set.
/// The real-data tests need it; where it is missing they are skipped with the reason, except under CI=true, where they
/// run and fail (as the SymPy oracle's tests do).
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static bool Available => Directory is not null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<BinaryImageCorpus> LazyMnist = new(() => BinaryImageCorpus.Load(Require(), ImageCorpus.Mnist));
    private static readonly Lazy<BinaryImageCorpus> LazyFashion = new(() => BinaryImageCorpus.Load(Require(), ImageCorpus.FashionMnist));

    /// <summary>MNIST, binarized, checksums verified (loaded once per test run).</summary>
    public static BinaryImageCorpus Mnist => LazyMnist.Value;

    /// <summary>Fashion-MNIST, binarized, checksums verified (loaded once per test run).</summary>
    public static BinaryImageCorpus FashionMnist => LazyFashion.Value;

    public static string Require() =>
        Directory ?? throw new DirectoryNotFoundException("No data folder: ../shared/data beside the repository is missing and IMPLICITREG_DATA is not set (see shared/data/README.md).");

    private static string? Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("IMPLICITREG_DATA");
        if (!string.IsNullOrEmpty(overridden)) return System.IO.Directory.Exists(overridden) ? overridden : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImplicitReg.sln")))
            {
                var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return System.IO.Directory.Exists(Path.Combine(data, "mnist")) ? data : null;
            }
        return null;
    }
}

/// <summary>A fact on the real MNIST / Fashion-MNIST files: skipped with the reason when they are missing, unless CI is "true".</summary>
public sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute()
    {
        if (!SharedData.Available && !SharedData.IsCi)
            Skip = "The data folder ../shared/data (or IMPLICITREG_DATA) is missing; skipped because CI is not \"true\" (see shared/data/README.md).";
    }
}
