namespace ImplicitReg.Numerics.Losses;

/// <summary>The scalar part shared by every squared-error loss: value and dℒ/drᵢ under a normalization.</summary>
internal static class SquaredError
{
    public static double Scale(LossNormalization n, int m) => n == LossNormalization.Mean ? 1.0 / m : 0.5;

    /// <summary>dℒ/drᵢ = 2rᵢ/m (mean) or rᵢ (half-sum).</summary>
    public static double ResidualWeight(LossNormalization n, int m) => n == LossNormalization.Mean ? 2.0 / m : 1.0;

    /// <summary>ℒ = c·Σᵢ (pᵢ − yᵢ)² over the first m = targets.Length predictions.</summary>
    public static double Value(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, LossNormalization n)
    {
        predictions = predictions[..targets.Length];
        double s = 0;
        for (int k = 0; k < predictions.Length; k++)
        {
            double r = predictions[k] - targets[k];
            s += r * r;
        }
        return Scale(n, targets.Length) * s;
    }

    /// <summary>ℒ = c·Σᵢ (pᵢ − yᵢ)², and gradients[i] = ∂ℒ/∂pᵢ = c'·(pᵢ − yᵢ), over m = targets.Length predictions.</summary>
    public static double ValueAndGradients(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, LossNormalization n, Span<double> gradients)
    {
        predictions = predictions[..targets.Length];
        gradients = gradients[..targets.Length];
        double s = 0, w = ResidualWeight(n, targets.Length);
        for (int k = 0; k < predictions.Length; k++)
        {
            double r = predictions[k] - targets[k];
            s += r * r;
            gradients[k] = w * r;
        }
        return Scale(n, targets.Length) * s;
    }
}
