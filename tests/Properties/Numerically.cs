namespace ImplicitReg.Properties;

public static class Numerically
{
    /// <summary>|a - b| ≤ tol·max(1, |a|, |b|); two non-finite values count as close only when both are NaN or equal infinities.</summary>
    public static bool Close(double a, double b, double tol)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b)) return a.Equals(b);
        return Math.Abs(a - b) <= tol * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    /// <summary>‖actual − expected‖_∞ / ‖expected‖_∞ (the absolute error when expected is all zeros is compared against 1e-300).</summary>
    public static double MaxRelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        double err = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            err = Math.Max(err, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return err / Math.Max(scale, 1e-300);
    }
}
