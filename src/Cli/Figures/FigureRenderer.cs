using System.Globalization;
using ImplicitReg.Numerics.Experiments.Figures;
using ImplicitReg.Numerics.IO;
using ScottPlot;
using SkiaSharp;
using Figure = ImplicitReg.Numerics.Experiments.Figures.Figure;
using NumericsAxis = ImplicitReg.Numerics.Experiments.Figures.Axis;
using NumericsMarker = ImplicitReg.Numerics.Experiments.Figures.MarkerShape;
using NumericsSeries = ImplicitReg.Numerics.Experiments.Figures.Series;

namespace ImplicitReg.Cli.Figures;

/// <summary>
/// Draws an experiment's <see cref="Figure"/> (a grid of panels) as a PNG with ScottPlot 5: log axes by plotting
/// log10 of the data with decade tick labels (ScottPlot 5 has no log axis; toolchain.md §5.1), error bars,
/// reference lines, markers coloured by a value in bins with a legend entry per bin, the figure title above the
/// grid. The PNG is encoded in memory and written atomically, so a failed render leaves no partial file.
/// </summary>
public static class FigureRenderer
{
    public const int PanelWidth = 520, PanelHeight = 400, TitleHeight = 44;
    private const string FontName = "DejaVu Sans";

    public static void Save(Figure figure, string path)
    {
        var png = Render(figure);
        AtomicFile.Write(path, s => s.Write(png));
    }

    public static byte[] Render(Figure figure)
    {
        if (figure.Panels.Count == 0) throw new ArgumentException($"figure '{figure.FileName}' has no panels.");
        int width = figure.Columns * PanelWidth, height = figure.Rows * PanelHeight + TitleHeight;
        var multiplot = new Multiplot();   // starts with one empty plot: replace it by the first panel
        multiplot.Reset(Plot(figure.Panels[0]));
        foreach (var panel in figure.Panels.Skip(1)) multiplot.AddPlot(Plot(panel));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(figure.Rows, figure.Columns);

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        // The multiplot lays its grid out from the canvas origin: shift it below the title band.
        canvas.Save();
        canvas.Translate(0, TitleHeight);
        multiplot.Render(canvas, new PixelRect(0, width, height - TitleHeight, 0));
        canvas.Restore();
        using (var font = new SKFont(SKTypeface.FromFamilyName(FontName, SKFontStyle.Bold), 19))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            canvas.DrawText(figure.Title, width / 2f, 29, SKTextAlign.Center, font, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static Plot Plot(Panel panel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(panel.Title, size: 15);
        plot.XLabel(panel.X.Label, size: 13);
        plot.YLabel(panel.Y.Label, size: 13);
        int next = 0;
        var drawn = new List<LegendPlacement.Drawn>();
        var horizontal = new List<double>();
        foreach (var s in panel.Series)
        {
            s.Validate();
            var color = Palette(s.ColorIndex ?? next);
            next = (s.ColorIndex ?? next) + 1;
            var (xs, ys, keep) = Transform(panel, s.X, s.Y);
            if (xs.Length == 0) continue;
            drawn.Add(new(xs, ys, s.Style is not (SeriesStyle.Markers or SeriesStyle.ColoredMarkers)));
            switch (s.Style)
            {
                case SeriesStyle.ColoredMarkers when s.ColorValues is not null:
                    AddColoredMarkers(plot, s, xs, ys, keep);
                    break;
                default:
                    {
                        var scatter = plot.Add.Scatter(xs, ys, color);
                        scatter.LegendText = s.Label;
                        scatter.LineWidth = s.Style is SeriesStyle.Markers ? 0 : 2;
                        scatter.MarkerSize = s.Style is SeriesStyle.Line ? 0 : 7;
                        if (s.Dashed) scatter.LinePattern = LinePattern.Dashed;
                        if (s.Marker is { } shape) scatter.MarkerShape = Shape(shape);
                        break;
                    }
            }
            if (s.YError is not null) AddErrorBars(plot, panel, s, keep, color);
        }
        int line = 0;
        foreach (var reference in panel.Lines ?? [])
        {
            if (panel.Y.Log && reference.Y <= 0) continue;
            horizontal.Add(panel.Y.Log ? Math.Log10(reference.Y) : reference.Y);
            var h = plot.Add.HorizontalLine(horizontal[^1], 1.5f, Palette(reference.ColorIndex ?? 7 + line++));
            h.LinePattern = LinePattern.Dashed;
            h.LegendText = reference.Label;
        }
        // Autoscale once, then apply each axis's limits (autoscaling again for the second axis would undo the first's).
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        ConfigureAxis(plot, panel.X, horizontal: true, limits);
        ConfigureAxis(plot, panel.Y, horizontal: false, limits);
        // A series with an empty label (e.g. a ± std band drawn beside its labelled mean) has no legend entry.
        int labelled = panel.Series.Count(s => s.Label.Length > 0);
        if (panel.Legend && (labelled > 1 || (panel.Lines?.Count ?? 0) > 0 || panel.Series.Any(s => s.Style == SeriesStyle.ColoredMarkers)))
        {
            plot.ShowLegend();
            plot.Legend.FontSize = 11;
            // Inside where its box covers no data, else outside on the right: no curve hides behind the legend.
            if (LegendPlacement.Choose(plot, drawn, horizontal, PanelWidth, PanelHeight) is { } inside) plot.Legend.Alignment = inside;
            else plot.ShowLegend(Edge.Right);
        }
        else plot.HideLegend();
        return plot;
    }

    private static (double[] X, double[] Y, int[] Keep) Transform(Panel panel, double[] x, double[] y)
    {
        var keep = new List<int>();
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            if (panel.X.Log && x[i] <= 0) continue;
            if (panel.Y.Log && y[i] <= 0) continue;
            keep.Add(i);
        }
        var xs = keep.Select(i => panel.X.Log ? Math.Log10(x[i]) : x[i]).ToArray();
        var ys = keep.Select(i => panel.Y.Log ? Math.Log10(y[i]) : y[i]).ToArray();
        return (xs, ys, [.. keep]);
    }

    private static void AddErrorBars(Plot plot, Panel panel, NumericsSeries s, int[] keep, Color color)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        var lo = new List<double>();
        var hi = new List<double>();
        foreach (int i in keep)
        {
            double y = s.Y[i], e = Math.Abs(s.YError![i]);
            double top = y + e, bottom = y - e;
            if (panel.Y.Log)
            {
                bottom = bottom > 0 ? Math.Log10(bottom) : Math.Log10(y) - 1;
                top = Math.Log10(top);
                y = Math.Log10(y);
            }
            xs.Add(panel.X.Log ? Math.Log10(s.X[i]) : s.X[i]);
            ys.Add(y);
            lo.Add(y - bottom);
            hi.Add(top - y);
        }
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, hi, lo) { Color = color };
        plot.Add.Plottable(bars);
    }

    private static void AddColoredMarkers(Plot plot, NumericsSeries s, double[] xs, double[] ys, int[] keep)
    {
        const int bins = 6;
        var values = keep.Select(i => s.ColorValues![i]).ToArray();
        double min = values.Min(), max = values.Max();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int b = 0; b < bins; b++)
        {
            double lo = min + (max - min) * b / bins, hi = min + (max - min) * (b + 1) / bins;
            var idx = Enumerable.Range(0, values.Length).Where(i => values[i] >= lo && (values[i] < hi || (b == bins - 1 && values[i] <= hi))).ToArray();
            if (idx.Length == 0) continue;
            var points = plot.Add.ScatterPoints(idx.Select(i => xs[i]).ToArray(), idx.Select(i => ys[i]).ToArray(), colormap.GetColor((b + 0.5) / bins));
            points.MarkerSize = 5;
            points.LegendText = $"{s.Label} {Short(lo)}–{Short(hi)}";
        }
    }

    private static void ConfigureAxis(Plot plot, NumericsAxis axis, bool horizontal, AxisLimits limits)
    {
        var edge = horizontal ? (IAxis)plot.Axes.Bottom : plot.Axes.Left;
        double? min = axis.Min, max = axis.Max;
        if (axis.Log)
        {
            min = min is > 0 ? Math.Log10(min.Value) : null;
            max = max is > 0 ? Math.Log10(max.Value) : null;
        }
        double low = min ?? (horizontal ? limits.Left : limits.Bottom);
        double high = max ?? (horizontal ? limits.Right : limits.Top);
        if (axis.Log)
        {
            edge.TickGenerator = Math.Abs(high - low) >= 2
                ? new ScottPlot.TickGenerators.NumericAutomatic
                {
                    IntegerTicksOnly = true,
                    LabelFormatter = v => $"1e{v.ToString("0", CultureInfo.InvariantCulture)}",
                    MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                }
                : NarrowLogTicks(Math.Min(low, high), Math.Max(low, high));
        }
        if (axis.Inverted) (low, high) = (high, low);
        if (horizontal) plot.Axes.SetLimitsX(low, high);
        else plot.Axes.SetLimitsY(low, high);
    }

    /// <summary>
    /// Ticks for a log axis spanning under two decades, where decade ticks would show at most one: at 1, 2, 5 × 10^k (or
    /// every m × 10^k when that gives fewer than three) labelled with the value ("2e-6"); automatic ticks in log10,
    /// labelled with the value they stand for ("1.5e-14"), when even that gives fewer than two.
    /// </summary>
    private static ScottPlot.ITickGenerator NarrowLogTicks(double low, double high)
    {
        foreach (int[] mantissas in new[] { new[] { 1, 2, 5 }, [1, 2, 3, 4, 5, 6, 7, 8, 9] })
        {
            var ticks = new List<(double Position, string Label)>();
            for (int k = (int)Math.Floor(low) - 1; k <= (int)Math.Ceiling(high); k++)
                foreach (int m in mantissas)
                {
                    double position = Math.Log10(m) + k;
                    if (position >= low && position <= high) ticks.Add((position, string.Create(CultureInfo.InvariantCulture, $"{m}e{k}")));
                }
            if (ticks.Count < (mantissas.Length == 3 ? 3 : 2)) continue;
            var manual = new ScottPlot.TickGenerators.NumericManual();
            foreach (var (position, label) in ticks) manual.AddMajor(position, label);
            return manual;
        }
        return new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("0.##e0", CultureInfo.InvariantCulture) };
    }

    private static ScottPlot.MarkerShape Shape(NumericsMarker shape) => shape switch
    {
        NumericsMarker.Triangle => ScottPlot.MarkerShape.FilledTriangleUp,
        NumericsMarker.Square => ScottPlot.MarkerShape.FilledSquare,
        NumericsMarker.Diamond => ScottPlot.MarkerShape.FilledDiamond,
        NumericsMarker.Cross => ScottPlot.MarkerShape.Cross,
        _ => ScottPlot.MarkerShape.FilledCircle,
    };

    private static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static string Short(double x) => x.ToString(Math.Abs(x) >= 1e4 || (x != 0 && Math.Abs(x) < 1e-2) ? "0.#e0" : "0.##", CultureInfo.InvariantCulture);
}
