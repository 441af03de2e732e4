using System.Globalization;
using ImplicitReg.Numerics.Data;

namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>
/// TF-E3, "tensor rank as a measure of complexity" (RMC21; theory.md §5.2, §8.1 H): an order-784, D = 2 CP factorization
/// with R components fitted by Adam and minibatch MSE to one-vs-all targets of binarized MNIST / Fashion-MNIST, original
/// and randomized. <see cref="Full"/> is the paper's protocol; <see cref="Quick"/> a small one that shows the same
/// ordering (original data fits better and generalizes, randomized data sits near the label variance) in seconds.
/// </summary>
/// <param name="Ranks">The ranks R swept (the plot's x-axis).</param>
/// <param name="LearningRate">Adam's lr (β1 = 0.9, β2 = 0.999, ε = 1e-8: PyTorch's defaults, as in the official code).</param>
/// <param name="BatchSize">Samples per minibatch (the last batch of an epoch is smaller when it does not divide the set).</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="InitMean">Mean of every θ entry at init (1, so 784-fold products stay O(1)).</param>
/// <param name="InitStd">Standard deviation of every θ entry at init.</param>
/// <param name="PositiveClass">The class with target 2 (others 0).</param>
/// <param name="TrainSamples">Training subset size (null: all 60 000).</param>
/// <param name="TestSamples">Test subset size (null: all 10 000).</param>
/// <param name="SampleSubset">Subsets drawn with <see cref="DataSeed"/> instead of the first n images.</param>
/// <param name="LogEveryEpochs">A row (train MSE on the whole training set, clamped test MSE) every this many epochs, at epoch 0 and at the end.</param>
/// <param name="Seed">Init (Gaussian(Seed), θ's layout order) and batch order (EpochShuffle(Seed, epoch)).</param>
/// <param name="DataSeed">Subset draw and randomized variants.</param>
/// <param name="Corpora">The data sets of the sweep.</param>
/// <param name="Variants">The data variants of the sweep.</param>
public sealed record TfE3Config(
    int[] Ranks,
    double LearningRate,
    int BatchSize,
    int Epochs,
    double InitMean,
    double InitStd,
    int PositiveClass,
    int? TrainSamples,
    int? TestSamples,
    bool SampleSubset,
    int LogEveryEpochs,
    int Seed,
    int DataSeed,
    ImageCorpus[] Corpora,
    TfE3Variant[] Variants)
{
    /// <summary>The official README's values: R = 1…15, Adam lr 5e-4, batch 5000, 10 000 epochs, init 𝒩(1, 1e-3²), positive class 6, all data.</summary>
    public static TfE3Config Full { get; } = new(
        Ranks: [.. Enumerable.Range(1, 15)], LearningRate: 5e-4, BatchSize: 5000, Epochs: 10_000, InitMean: 1, InitStd: 1e-3,
        PositiveClass: 6, TrainSamples: null, TestSamples: null, SampleSubset: false, LogEveryEpochs: 100, Seed: 0, DataSeed: 0,
        Corpora: [ImageCorpus.Mnist, ImageCorpus.FashionMnist], Variants: [TfE3Variant.Original, TfE3Variant.RandLabel, TfE3Variant.RandImage]);

    /// <summary>
    /// 10 000 training / 2 000 test images drawn with the data seed, R ∈ {1, 2, 3}, batch 500, Adam lr 1e-3, 60 epochs
    /// (1 200 steps per run): original data ends well below the 0.09 variance line in train and test error, the
    /// randomized variants near it (README, TF-E3: measured errors and seconds; lr 5e-3 collapses every product to 0).
    /// </summary>
    public static TfE3Config Quick { get; } = Full with
    {
        Ranks = [1, 2, 3], LearningRate = 1e-3, BatchSize = 500, Epochs = 60, TrainSamples = 10_000, TestSamples = 2_000, SampleSubset = true,
        LogEveryEpochs = 10,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public TfE3Config Validated()
    {
        if (Ranks is not { Length: > 0 } || Ranks.Any(r => r < 1)) Fail(nameof(Ranks), "needs at least one rank, each ≥ 1", $"[{string.Join(", ", Ranks ?? [])}]");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) Fail(nameof(LearningRate), "must be positive and finite", LearningRate);
        if (BatchSize < 1) Fail(nameof(BatchSize), "must be positive", BatchSize);
        if (Epochs < 1) Fail(nameof(Epochs), "must be positive", Epochs);
        if (!double.IsFinite(InitMean)) Fail(nameof(InitMean), "must be finite", InitMean);
        if (!(InitStd >= 0) || !double.IsFinite(InitStd)) Fail(nameof(InitStd), "must be finite and ≥ 0", InitStd);
        if (PositiveClass is < 0 or > 9) Fail(nameof(PositiveClass), "must be a label 0…9", PositiveClass);
        if (TrainSamples is < 1 or > 60_000) Fail(nameof(TrainSamples), "must be 1…60000 or null (all)", TrainSamples);
        if (TestSamples is < 1 or > 10_000) Fail(nameof(TestSamples), "must be 1…10000 or null (all)", TestSamples);
        if (LogEveryEpochs < 1) Fail(nameof(LogEveryEpochs), "must be positive", LogEveryEpochs);
        if (Corpora is not { Length: > 0 }) Fail(nameof(Corpora), "needs at least one data set", "[]");
        if (Variants is not { Length: > 0 }) Fail(nameof(Variants), "needs at least one variant", "[]");
        return this;
    }

    /// <summary>The data set of one (corpus, variant) of this configuration (subset, positive class, data seed).</summary>
    public TfE3Dataset Dataset(BinaryImageCorpus corpus, TfE3Variant variant) =>
        TfE3Dataset.Create(corpus, variant, PositiveClass, DataSeed, TrainSamples, TestSamples, SampleSubset);

    /// <summary>What a checkpoint of a run of this configuration at <paramref name="rank"/> on <paramref name="data"/> must match.</summary>
    public string RunContext(TfE3Dataset data, int rank) => string.Create(CultureInfo.InvariantCulture,
        $"TF-E3 {data.Name} R={rank} batch={BatchSize} epochs={Epochs} log-every={LogEveryEpochs} init=N({InitMean:R}, {InitStd:R}^2) seed={Seed} data-seed={DataSeed}");

    private static void Fail(string field, string rule, object? value) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"TfE3Config.{field}: {rule}, got {value ?? "null"}"), field);
}
