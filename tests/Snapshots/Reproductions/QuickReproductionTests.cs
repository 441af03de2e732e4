namespace ImplicitReg.Snapshots.Reproductions;

/// <summary>
/// Each experiment's --quick configuration meets the expected outcomes written from theory.md, and its key numbers
/// are locked by an approved snapshot (tests/Snapshots/Reproductions/approved/ID.approved.json, numbers within 5%:
/// see <see cref="ApprovedJson"/>): a change in the dynamics, the seeds or the analysis shows up as a reviewed diff.
/// </summary>
public class QuickReproductionTests
{
    [Theory]
    [MemberData(nameof(QuickReproductions.Ids), MemberType = typeof(QuickReproductions))]
    public void QuickRunMeetsTheExpectedOutcomesOfTheory(string id)
    {
        var outcome = QuickReproductions.Outcome(id);
        var failed = outcome.Expectations.Where(e => !e.Passed).ToList();
        Assert.True(failed.Count == 0,
            $"{id} --quick: {failed.Count} expected outcome(s) failed:\n" + string.Join("\n", failed.Select(e => $"  ✗ {e.Name}\n      expected: {e.Expected}\n      measured: {e.Measured}")));
    }

    [Theory]
    [MemberData(nameof(QuickReproductions.Ids), MemberType = typeof(QuickReproductions))]
    public void QuickSummaryMatchesTheApprovedSnapshot(string id) =>
        ApprovedJson.ShouldMatch(QuickReproductions.Snapshot(QuickReproductions.Outcome(id)),
            Path.Combine(QuickReproductions.RepositoryRoot(), "tests", "Snapshots", "Reproductions", "approved", $"{id}.approved.json"),
            relative: 0.05, absolute: 1e-6);
}
