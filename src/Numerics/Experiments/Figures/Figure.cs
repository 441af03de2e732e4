namespace ImplicitReg.Numerics.Experiments.Figures;

/// <summary>
/// A figure as data: a grid of panels written to <see cref="FileName"/> (PNG) by the CLI's renderer. Experiments
/// describe what to draw; drawing lives in the CLI (plots separate from training, as in the papers' repositories).
/// </summary>
/// <param name="FileName">File name inside the output folder, e.g. "tf-e1.png".</param>
/// <param name="Title">Figure title (drawn above the panels).</param>
/// <param name="Panels">Panels in row-major order.</param>
/// <param name="Columns">Panels per row.</param>
public sealed record Figure(string FileName, string Title, IReadOnlyList<Panel> Panels, int Columns)
{
    public int Rows => (Panels.Count + Columns - 1) / Columns;
}

/// <summary>One panel: axes, series and horizontal reference lines.</summary>
public sealed record Panel(string Title, Axis X, Axis Y, IReadOnlyList<Series> Series, IReadOnlyList<ReferenceLine>? Lines = null, bool Legend = true);

/// <summary>An axis: label, logarithmic or linear, optional limits (in data units), optionally inverted (e.g. loss decreasing to the right).</summary>
public sealed record Axis(string Label, bool Log = false, double? Min = null, double? Max = null, bool Inverted = false);

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle
{
    Line,
    Markers,
    LineAndMarkers,
    /// <summary>Markers coloured by <see cref="Series.ColorValues"/> (e.g. by iteration).</summary>
    ColoredMarkers,
}

/// <summary>A marker's shape (e.g. ACHL19 Fig. 1: circles for lr 1e-3, triangles for lr 3e-4).</summary>
public enum MarkerShape
{
    Circle,
    Triangle,
    Square,
    Diamond,
    Cross,
}

/// <summary>
/// One series. <paramref name="YError"/> draws error bars (± value); <paramref name="ColorValues"/> colours each point
/// (style <see cref="SeriesStyle.ColoredMarkers"/>); <paramref name="ColorIndex"/> picks a palette colour so that the
/// same quantity has the same colour across panels (null: next colour); <paramref name="Marker"/> the marker's shape
/// (null: a filled circle). An empty <paramref name="Label"/> leaves the series out of the legend.
/// </summary>
public sealed record Series(string Label, double[] X, double[] Y, SeriesStyle Style = SeriesStyle.Line, double[]? YError = null,
    double[]? ColorValues = null, int? ColorIndex = null, bool Dashed = false, MarkerShape? Marker = null)
{
    public Series Validate()
    {
        if (X.Length != Y.Length) throw new ArgumentException($"series '{Label}': {X.Length} x values but {Y.Length} y values.");
        if (YError is not null && YError.Length != Y.Length) throw new ArgumentException($"series '{Label}': {YError.Length} error bars for {Y.Length} points.");
        if (ColorValues is not null && ColorValues.Length != Y.Length) throw new ArgumentException($"series '{Label}': {ColorValues.Length} colour values for {Y.Length} points.");
        return this;
    }
}

/// <summary>A horizontal line at <paramref name="Y"/> (e.g. the nuclear-norm minimiser's error, the label variance).</summary>
public sealed record ReferenceLine(string Label, double Y, int? ColorIndex = null);
