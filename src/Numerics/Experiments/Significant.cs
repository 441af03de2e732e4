using System.Globalization;
using System.Text.Json.Nodes;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// Rounding for summaries: key numbers are reported to a fixed number of significant digits, so a summary is the
/// same on machines whose vector width changes the last bits of a reduction (AVX2 vs AVX-512), and reads like a
/// figure caption.
/// </summary>
public static class Significant
{
    public const int Digits = 4;

    public static double Round(double x, int digits = Digits)
    {
        if (x == 0 || !double.IsFinite(x)) return x;
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale) / scale;
    }

    public static double[] Round(IEnumerable<double> xs, int digits = Digits) => xs.Select(x => Round(x, digits)).ToArray();

    /// <summary>The numbers, rounded, as a JSON array for a summary.</summary>
    public static JsonArray Json(IEnumerable<double> xs, int digits = Digits) => new([.. xs.Select(x => (JsonNode)Round(x, digits))]);

    /// <summary>x in short notation for messages and run keys: fixed in [0.1, 1e4), else scientific ("0.82", "5e-2", "3.1e-3").</summary>
    public static string Text(double x, int digits = 3)
    {
        if (x == 0) return "0";
        if (!double.IsFinite(x)) return x.ToString(CultureInfo.InvariantCulture);
        double a = Math.Abs(x);
        return a is >= 0.1 and < 1e4
            ? Round(x, digits).ToString("G" + digits, CultureInfo.InvariantCulture)
            : x.ToString("0." + new string('#', digits - 1) + "e+0", CultureInfo.InvariantCulture).Replace("e+", "e");
    }
}
