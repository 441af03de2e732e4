using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Experiments.Analysis;

namespace ImplicitReg.Properties.Experiments;

/// <summary>
/// The incremental-learning detector (theory.md §8 test 4) on synthetic staircases: magnitudes that jump from ≈0 to
/// their final value at known iterations.
/// </summary>
public class StaircaseTests
{
    private static (double[] K, List<double[]> Rows) Curves(long[] riseAt, double[] finals, int steps, int logEvery)
    {
        var k = new List<double>();
        var rows = new List<double[]>();
        for (int t = 0; t <= steps; t += logEvery)
        {
            k.Add(t);
            var row = riseAt.Select((r, i) => t >= r ? finals[i] : 1e-6 * (i + 1)).OrderByDescending(x => x).ToArray();
            rows.Add(row);
        }
        return ([.. k], rows);
    }

    [Property(Replay = Seeds.Replay, MaxTest = 200)]
    public Property RisesSeparatedByAtLeastTheGapAreDetectedOneAtATimeAtTheirIterations() =>
        Prop.ForAll(Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(2, 40), n)).ToArbitrary(), gaps =>
        {
            const int logEvery = 10;
            var riseAt = new long[gaps.Length];
            long at = 0;
            for (int i = 0; i < gaps.Length; i++) riseAt[i] = at += gaps[i] * logEvery;
            var finals = riseAt.Select((_, i) => 1.0 / (i + 1)).ToArray();   // ≥ 1/6: every one above 10% of the largest
            var (k, rows) = Curves(riseAt, finals, (int)at + 100, logEvery);
            var s = Staircase.Detect(k, rows, 0.1, minimumGap: 2 * logEvery);
            return s.OneAtATime && s.FinalCount == gaps.Length && s.RiseIterations.SequenceEqual(riseAt);
        });

    [Fact]
    public void TwoMagnitudesRisingBetweenTheSameTwoLogsAreNotOneAtATime()
    {
        var (k, rows) = Curves([101, 105, 400], [1, 0.8, 0.5], 600, 10);
        var s = Staircase.Detect(k, rows, 0.1, minimumGap: 20);
        Assert.False(s.OneAtATime);
        Assert.Equal(2, s.MaxJump);
        Assert.Equal(3, s.FinalCount);
    }

    [Fact]
    public void RisesCloserThanTheMinimumGapAreNotOneAtATime()
    {
        var (k, rows) = Curves([100, 110, 400], [1, 0.8, 0.5], 600, 10);
        var s = Staircase.Detect(k, rows, 0.1, minimumGap: 20);
        Assert.False(s.OneAtATime);
        Assert.Equal(1, s.MaxJump);
        Assert.Equal(10, s.MinimumGapSeen);
    }

    [Fact]
    public void MagnitudesBelowTheFractionOfTheLargestAreNotCounted()
    {
        var (k, rows) = Curves([100, 300], [1, 0.05], 600, 10);
        Assert.Equal(1, Staircase.Detect(k, rows, 0.1).FinalCount);
        Assert.Equal(2, Staircase.Detect(k, rows, 0.01).FinalCount);
    }

    [Fact]
    public void PlateauValuesAreTheCurveBeforeEachRiseAndAtTheEnd()
    {
        var (k, rows) = Curves([100, 300], [1, 0.5], 500, 10);
        var error = k.Select(t => t < 100 ? 1.0 : t < 300 ? 0.6 : 0.1).ToArray();
        var s = Staircase.Detect(k, rows);
        Assert.Equal([1.0, 0.6, 0.1], s.PlateauValues(k, error));
    }
}
