namespace ImplicitReg.Properties;

public static class Numerically
{
    /// <summary>|a - b| ≤ tol·max(1, |a|, |b|); two non-finite values count as close only when both are NaN or equal infinities.</summary>
    public static bool Close(double a, double b, double tol)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b)) return a.Equals(b);
        return Math.Abs(a - b) <= tol * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
    }
}
