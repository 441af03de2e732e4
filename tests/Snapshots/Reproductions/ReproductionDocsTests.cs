using ImplicitReg.Numerics.Experiments;
using ImplicitReg.TestSupport;

namespace ImplicitReg.Snapshots.Reproductions;

/// <summary>
/// README's reproductions table covers every registered experiment, and each has its figure committed under
/// docs/reproductions/ (a PNG) with the summary.json of the run that drew it.
/// </summary>
public class ReproductionDocsTests
{
    [Theory]
    [MemberData(nameof(QuickReproductions.Ids), MemberType = typeof(QuickReproductions))]
    public void EveryExperimentHasItsFigureAndSummaryInDocsAndARowInReadme(string id)
    {
        var root = CliProcess.RepositoryRoot();
        var figure = Path.Combine(root, "docs", "reproductions", id, $"{id.ToLowerInvariant()}.png");
        Assert.True(File.Exists(figure), $"{figure} is missing: copy the figure of a `reproduce {id}` run there (README, Reproductions)");
        var png = File.ReadAllBytes(figure);
        Assert.True(png.Length > 10_000 && png[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{figure} is not a PNG");
        var summary = Path.Combine(root, "docs", "reproductions", id, "summary.json");
        Assert.True(File.Exists(summary), $"{summary} is missing: commit the summary of the run that drew the figure");
        Assert.Contains($"\"experiment\": \"{id}\"", File.ReadAllText(summary));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains($"| {id} |", readme);
        Assert.Contains($"docs/reproductions/{id}/{id.ToLowerInvariant()}.png", readme);
    }
}
