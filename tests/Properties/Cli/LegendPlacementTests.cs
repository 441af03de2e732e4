using ImplicitReg.Cli.Figures;
using ScottPlot;

namespace ImplicitReg.Properties.Cli;

/// <summary>
/// A figure's legend never hides data: it goes to the first inside position its box leaves free of points, lines and
/// reference lines, and outside the data area when there is none.
/// </summary>
public class LegendPlacementTests
{
    private static Alignment? Place(IReadOnlyList<LegendPlacement.Drawn> drawn, params double[] lines)
    {
        var plot = new Plot();
        for (int i = 0; i < drawn.Count; i++)
        {
            var s = plot.Add.Scatter(drawn[i].X, drawn[i].Y);
            s.LegendText = $"series {i}";
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend();
        return LegendPlacement.Choose(plot, drawn, lines, 520, 400);
    }

    private static LegendPlacement.Drawn Line(Func<double, double> f, bool connected = true)
    {
        var x = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();
        return new(x, [.. x.Select(f)], connected);
    }

    [Fact]
    public void AFallingCurveLeavesTheUpperRightCornerToTheLegend() =>
        Assert.Equal(Alignment.UpperRight, Place([Line(x => 1 - x), Line(x => 0.9 - x)]));

    [Fact]
    public void ARisingCurveThroughTheUpperRightCornerPutsTheLegendLowerRight() =>
        Assert.Equal(Alignment.LowerRight, Place([Line(x => x), Line(x => 0.9 * x + 0.1)]));

    [Fact]
    public void ALineBetweenTwoFarPointsCountsWhereItCrossesACornerNotOnlyAtItsPoints()
    {
        // Two points only, far outside the corners, joined by a line that crosses the upper-right and lower-left boxes.
        var crossing = new LegendPlacement.Drawn([0.02, 0.98], [0.02, 0.98], Connected: true);
        var placed = Place([crossing, new([0.02, 0.98], [0.98, 0.02], Connected: false)]);
        Assert.NotEqual(Alignment.UpperRight, placed);
        Assert.NotEqual(Alignment.LowerLeft, placed);
    }

    [Fact]
    public void AReferenceLineAcrossTheTopAndDataAcrossTheBottomPutTheLegendInTheMiddle() =>
        Assert.Equal(Alignment.MiddleRight, Place([Line(_ => 0.05), Line(_ => 0.1)], 0.95, 0.9));

    [Fact]
    public void DataEverywhereSendsTheLegendOutside()
    {
        var grid = Enumerable.Range(0, 41).SelectMany(i => Enumerable.Range(0, 41).Select(j => (i / 40.0, j / 40.0))).ToArray();
        Assert.Null(Place([new([.. grid.Select(p => p.Item1)], [.. grid.Select(p => p.Item2)], Connected: false)]));
    }
}
