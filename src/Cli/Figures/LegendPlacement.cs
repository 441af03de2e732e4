using ScottPlot;

namespace ImplicitReg.Cli.Figures;

/// <summary>
/// Where a panel's legend goes so that no data hides behind it: the first inside position (upper right, lower right,
/// upper left, lower left, upper centre, lower centre, then the middle of the right, left and centre) whose box, measured from the legend as ScottPlot draws it,
/// covers no drawn point, no line between points and no reference line; when every position covers some, outside
/// on the right edge of the panel.
/// </summary>
public static class LegendPlacement
{
    /// <summary>A drawn series in plot coordinates (log10 already applied); <paramref name="Connected"/>: drawn as a line.</summary>
    public readonly record struct Drawn(double[] X, double[] Y, bool Connected);

    private static readonly Alignment[] Candidates =
        [Alignment.UpperRight, Alignment.LowerRight, Alignment.UpperLeft, Alignment.LowerLeft, Alignment.UpperCenter, Alignment.LowerCenter,
         Alignment.MiddleRight, Alignment.MiddleLeft, Alignment.MiddleCenter];

    /// <summary>Samples per line segment when testing whether a line crosses the legend's box.</summary>
    private const int SegmentSamples = 32;

    /// <returns>The inside alignment, or null: put the legend outside.</returns>
    public static Alignment? Choose(Plot plot, IReadOnlyList<Drawn> drawn, IReadOnlyList<double> horizontalLines, int width, int height)
    {
        plot.RenderInMemory(width, height);
        var data = plot.RenderManager.LastRender.DataRect;
        var limits = plot.Axes.GetLimits();
        using var legend = plot.Legend.GetImage();
        float margin = 8 + Math.Max(plot.Legend.Margin.Left, plot.Legend.Margin.Top);
        float w = legend.Width + margin, h = legend.Height + margin;

        var samples = Samples(drawn, horizontalLines, limits, data).ToList();
        foreach (var alignment in Candidates)
        {
            var box = Box(alignment, data, w, h);
            if (!samples.Any(p => box.Contains(p))) return alignment;
        }
        return null;
    }

    private static PixelRect Box(Alignment alignment, PixelRect data, float w, float h)
    {
        float left = alignment switch
        {
            Alignment.UpperLeft or Alignment.LowerLeft or Alignment.MiddleLeft => data.Left,
            Alignment.UpperCenter or Alignment.LowerCenter or Alignment.MiddleCenter => data.HorizontalCenter - w / 2,
            _ => data.Right - w,
        };
        float top = alignment switch
        {
            Alignment.UpperLeft or Alignment.UpperRight or Alignment.UpperCenter => data.Top,
            Alignment.MiddleLeft or Alignment.MiddleRight or Alignment.MiddleCenter => data.VerticalCenter - h / 2,
            _ => data.Bottom - h,
        };
        return new PixelRect(left, left + w, top + h, top);
    }

    private static IEnumerable<Pixel> Samples(IReadOnlyList<Drawn> drawn, IReadOnlyList<double> horizontalLines, AxisLimits limits, PixelRect data)
    {
        Pixel ToPixel(double x, double y) => new(
            (float)(data.Left + (x - limits.Left) / (limits.Right - limits.Left) * data.Width),
            (float)(data.Bottom - (y - limits.Bottom) / (limits.Top - limits.Bottom) * data.Height));

        foreach (var d in drawn)
            for (int i = 0; i < d.X.Length; i++)
            {
                yield return ToPixel(d.X[i], d.Y[i]);
                if (!d.Connected || i + 1 == d.X.Length) continue;
                for (int k = 1; k < SegmentSamples; k++)
                {
                    double t = (double)k / SegmentSamples;
                    yield return ToPixel(d.X[i] + t * (d.X[i + 1] - d.X[i]), d.Y[i] + t * (d.Y[i + 1] - d.Y[i]));
                }
            }
        foreach (var y in horizontalLines)
            for (int k = 0; k <= SegmentSamples; k++)
                yield return ToPixel(limits.Left + (limits.Right - limits.Left) * k / SegmentSamples, y);
    }
}
