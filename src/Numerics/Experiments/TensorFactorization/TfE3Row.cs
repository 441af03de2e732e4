namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>
/// One logged epoch of a TF-E3 run: the MSE over the whole training set and the clamped test MSE (theory.md §1.1) at
/// the end of <paramref name="Epoch"/> (0: at init), and both divided by 4 as plotted (the official SCALE_FACTOR:
/// labels {0, 2} → {0, 1}, where predicting the mean of a 10% positive class scores ≈ 0.09).
/// </summary>
/// <param name="Tau">step·lr, a nominal time under Adam (<see cref="Training.Adam"/>).</param>
public readonly record struct TfE3Row(int Epoch, long Step, double Tau, double TrainMse, double TestClampedMse)
{
    public const double PlotScale = 4;

    public static readonly string[] Columns = ["epoch", "step", "tau", "train_mse", "test_mse_clamped"];

    /// <summary>Train MSE / 4.</summary>
    public double TrainError => TrainMse / PlotScale;

    /// <summary>Clamped test MSE / 4.</summary>
    public double TestError => TestClampedMse / PlotScale;

    public void CopyTo(Span<double> row)
    {
        row[0] = Epoch;
        row[1] = Step;
        row[2] = Tau;
        row[3] = TrainMse;
        row[4] = TestClampedMse;
    }

    public static TfE3Row From(ReadOnlySpan<double> row) => new((int)row[0], (long)row[1], row[2], row[3], row[4]);
}
