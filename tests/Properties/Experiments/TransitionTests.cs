using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Experiments.Analysis;

namespace ImplicitReg.Properties.Experiments;

/// <summary>
/// The rise window of a logged curve (MF-8 "depth sharpens", MF-E3): crossing times of a logistic curve match their
/// closed form, crossings between logged rows are interpolated, and the relative width is unchanged by rescaling the
/// curve's height or its time axis.
/// </summary>
public class TransitionTests
{
    private static (double[] K, double[] Curve) Logistic(double peak, double rate, double midpoint, int steps, int logEvery)
    {
        var k = Enumerable.Range(0, steps / logEvery + 1).Select(i => (double)(i * logEvery)).ToArray();
        return (k, [.. k.Select(t => peak / (1 + Math.Exp(-rate * (t - midpoint))))]);
    }

    [Property(Replay = Seeds.Replay, MaxTest = 100)]
    public Property LogisticCrossingsAreAtTheMidpointPlusLogOddsOverTheRate() =>
        Prop.ForAll(Gen.Choose(1, 100).Select(x => x * 0.002).Zip(Gen.Choose(3000, 8000)).ToArbitrary(), p =>
        {
            var (rate, midpoint) = (p.Item1, (double)p.Item2);
            var (k, curve) = Logistic(3.5, rate, midpoint, 20_000, 1);
            var t = Transition.Of(k, curve, 0.1, 0.9);
            // P/(1+e^{−a(t−t₀)}) = qP at t = t₀ + ln(q/(1−q))/a; the last row is within e^{−24} of P, and interpolating
            // between rows one step apart moves a crossing by far less than the 0.05-step tolerance.
            double expectedLow = midpoint - Math.Log(9) / rate, expectedHigh = midpoint + Math.Log(9) / rate;
            return (Math.Abs(t.Low - expectedLow) < 0.05 && Math.Abs(t.Middle - midpoint) < 0.05 && Math.Abs(t.High - expectedHigh) < 0.05)
                .Label($"rate {rate}, t₀ {midpoint}: got ({t.Low}, {t.Middle}, {t.High}), expected ({expectedLow}, {midpoint}, {expectedHigh})");
        });

    [Property(Replay = Seeds.Replay, MaxTest = 100)]
    public Property RelativeWidthIsUnchangedByTheCurvesHeightAndTimeUnit() =>
        Prop.ForAll(Gen.Choose(1, 1000).Zip(Gen.Choose(1, 20)).ToArbitrary(), p =>
        {
            double height = p.Item1 * 0.01, stretch = p.Item2;
            var (k, curve) = Logistic(1, 0.02, 1000, 4000, 10);
            var reference = Transition.Of(k, curve).RelativeWidth;
            var scaled = Transition.Of([.. k.Select(t => t * stretch)], [.. curve.Select(c => c * height)]).RelativeWidth;
            return (Math.Abs(scaled - reference) <= 1e-9 * reference).Label($"height ×{height}, time ×{stretch}: {scaled} vs {reference}");
        });

    [Fact]
    public void CrossingsBetweenLoggedRowsAreInterpolatedLinearly()
    {
        // A ramp from 0 at k = 100 to 10 at k = 200, logged every 50: the 10%, 50%, 90% levels are crossed at 110, 150, 190.
        double[] k = [0, 50, 100, 150, 200, 250];
        double[] curve = [0, 0, 0, 5, 10, 10];
        var t = Transition.Of(k, curve);
        Assert.Equal(110, t.Low, 9);
        Assert.Equal(150, t.Middle, 9);
        Assert.Equal(190, t.High, 9);
        Assert.Equal(80.0 / 150, t.RelativeWidth, 12);
    }

    [Fact]
    public void ACurveAlreadyAtHalfItsPeakHasAnInfiniteRelativeWidth()
    {
        var t = Transition.Of([0, 10, 20], [2, 3, 4]);
        Assert.Equal(0, t.Middle);
        Assert.True(double.IsPositiveInfinity(t.RelativeWidth));
    }

    [Fact]
    public void BadInputNamesWhatIsWrong()
    {
        Assert.Contains("2 iterations for 3 values", Assert.Throws<ArgumentException>(() => Transition.Of([0, 1], [0, 1, 2])).Message);
        Assert.Contains("peak is 0", Assert.Throws<ArgumentException>(() => Transition.Of([0, 1], [0, 0])).Message);
        Assert.Contains("low < ½ < high", Assert.Throws<ArgumentOutOfRangeException>(() => Transition.Of([0, 1], [0, 1], 0.6, 0.9)).Message);
    }
}
