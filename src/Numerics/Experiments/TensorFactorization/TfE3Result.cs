namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>A TF-E3 run at one rank: its logged rows (epoch 0, every LogEveryEpochs, the last epoch) and whether it reached the last epoch.</summary>
public sealed record TfE3Result(string Context, int Rank, int Epochs, IReadOnlyList<TfE3Row> Rows, bool Completed, double Seconds)
{
    /// <summary>The last logged row (the final values once <see cref="Completed"/>).</summary>
    public TfE3Row Final => Rows.Count > 0 ? Rows[^1] : throw new InvalidOperationException("The run has logged nothing yet.");

    /// <summary>Final train MSE / 4 (the plot's scale).</summary>
    public double TrainError => Final.TrainError;

    /// <summary>Final clamped test MSE / 4 (the plot's scale).</summary>
    public double TestError => Final.TestError;
}
