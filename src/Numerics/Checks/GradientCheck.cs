using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Checks;

/// <summary>Outcome of a central finite-difference check of ∇φ: the worst coordinates and the relative error.</summary>
public sealed record GradientCheckResult(int Coordinates, double MaxAbsoluteError, double RelativeError, int WorstCoordinate, string WorstFactor)
{
    public bool Passes(double tolerance) => RelativeError <= tolerance;
    public override string ToString() =>
        $"{Coordinates} coordinates, relative error {RelativeError:0.0e+0} (max abs {MaxAbsoluteError:0.0e+0} at {WorstFactor})";
}

/// <summary>
/// Central finite differences of φ in float64 against the analytic gradient:
/// relative error ‖g_fd − g‖_∞ / max(‖g‖_∞, 1e-12), step h·max(1, |θᵢ|).
/// </summary>
public static class GradientCheck
{
    public static GradientCheckResult Run(Objective objective, ReadOnlySpan<double> theta, double h = 1e-6, int maxCoordinates = int.MaxValue, int seed = 0)
    {
        var analytic = new double[objective.Dimension];
        objective.ValueAndGradient(theta, analytic);
        return Run(objective.Model.Layout, x => objective.Value(x), analytic, theta, h, maxCoordinates, seed);
    }

    /// <summary>Any scalar function of θ (<paramref name="value"/>) against its claimed gradient <paramref name="analytic"/> at θ.</summary>
    public static GradientCheckResult Run(ParameterLayout layout, Func<double[], double> value, ReadOnlySpan<double> analytic, ReadOnlySpan<double> theta,
        double h = 1e-6, int maxCoordinates = int.MaxValue, int seed = 0)
    {
        int n = theta.Length;
        if (analytic.Length != n || layout.Size != n) throw new ArgumentException($"θ has {n} entries, the gradient {analytic.Length}, the layout {layout.Size}.");
        var x = theta.ToArray();
        int[] coords = n <= maxCoordinates ? Enumerable.Range(0, n).ToArray() : new Random.Gaussian(seed).Permutation(n)[..maxCoordinates];
        double maxErr = 0, maxGrad = 0;
        int worst = -1;
        foreach (int i in coords)
        {
            double xi = x[i], step = h * Math.Max(1, Math.Abs(xi));
            x[i] = xi + step;
            double fp = value(x);
            x[i] = xi - step;
            double fm = value(x);
            x[i] = xi;
            double fd = (fp - fm) / (2 * step);
            double err = Math.Abs(fd - analytic[i]);
            if (err > maxErr || worst < 0) { maxErr = err; worst = i; }
            maxGrad = Math.Max(maxGrad, Math.Abs(analytic[i]));
        }
        var slot = layout.Factors.Last(f => f.Offset <= worst);
        return new GradientCheckResult(coords.Length, maxErr, maxErr / Math.Max(maxGrad, 1e-12), worst, $"{slot.Name}[{worst - slot.Offset}]");
    }
}
