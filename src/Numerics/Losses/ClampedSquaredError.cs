namespace ImplicitReg.Numerics.Losses;

/// <summary>
/// The clamped test MSE of RMC21's natural-data experiment (theory.md §1.1, TF-E3): (1/m)·Σᵢ min{(pᵢ − yᵢ)², c} with
/// c = 4 (the official ClampedMSELoss, max_test_sample_loss), so one wild prediction costs at most what a wrong
/// {0, 2} label does; the plot divides it by 4.
/// </summary>
public static class ClampedSquaredError
{
    public const double TfE3Clamp = 4;

    public static double Mean(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, double clamp = TfE3Clamp)
    {
        if (targets.Length == 0) throw new ArgumentException("The clamped MSE of no samples is undefined.", nameof(targets));
        if (predictions.Length < targets.Length) throw new ArgumentException($"{predictions.Length} predictions for {targets.Length} targets.", nameof(predictions));
        if (!(clamp > 0)) throw new ArgumentOutOfRangeException(nameof(clamp), clamp, "The clamp must be positive.");
        double s = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double r = predictions[i] - targets[i];
            s += Math.Min(r * r, clamp);
        }
        return s / targets.Length;
    }
}
