namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Minibatches over the observed entries of a completion loss (theory.md §7.2 DT-E1: the H24 code trains with Keras,
/// batch 128 of the one-hot training entries): step k (1-based) of epoch e = ⌊(k − 1)/B⌋ takes batch j = (k − 1) mod B of
/// the epoch's order π_e = <see cref="EpochShuffle"/>(seed, e); the batch's loss is the completion loss's normalization
/// over the batch (mean: 1/|batch|, as Keras' mse). With <see cref="DropLast"/> an epoch has ⌊m/b⌋ batches and the
/// remainder is skipped (the code's ⌊#train/128⌋ steps per epoch); otherwise ⌈m/b⌉, the last one smaller. Everything is a
/// function of (seed, k), so a run stopped at any step resumes bit-identically.
/// </summary>
public sealed record MinibatchSchedule(int BatchSize, int Seed, bool DropLast = false)
{
    public int BatchesPerEpoch(int observed)
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be positive.");
        int b = Math.Min(BatchSize, observed);
        return DropLast ? observed / b : (observed + b - 1) / b;
    }
}
