using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Numerics.Experiments.HierarchicalTensorFactorization;

/// <summary>
/// The training of RMC22's dynamics experiments, the same for MF, TF and HTF (theory.md §6.3 HTF-E1 "Training (all)"):
/// GroupRMSprop (α, ε of the imp_reg_* repositories), full batch, mean-squared loss over the observed entries, a row
/// logged every <see cref="LogEvery"/> steps, stop when the train MSE stays below <see cref="LossThreshold"/> for
/// <see cref="Patience"/> consecutive logged rows or after <see cref="MaxSteps"/> steps.
/// </summary>
public sealed record DynamicsTraining(double LearningRate, double RmsAlpha, double RmsEpsilon, int LogEvery, long MaxSteps, double LossThreshold, int Patience)
{
    /// <summary>The official settings: lr 1e-2, α 0.99, ε 1e-6, validate every 25, 500 000 epochs, stop below 5e-5 for 100 validations.</summary>
    public static DynamicsTraining Paper { get; } = new(1e-2, 0.99, 1e-6, 25, 500_000, 5e-5, 100);

    /// <summary>
    /// The settings at a scale: <see cref="Paper"/>, or with a smaller step budget for --quick. HTF-E1 and HTF-E2 both take them
    /// from here, so at one scale they run the same HTF run.
    /// </summary>
    public static DynamicsTraining At(ExperimentScale scale) => scale == ExperimentScale.Full ? Paper : Paper with { MaxSteps = 60_000 };

    public OptimizerSpec Optimizer() => new GroupRmsPropSpec(LearningRate, RmsAlpha, RmsEpsilon);

    public RunSpec Run() => new(MaxSteps, LogEvery, LossThreshold, Patience, 1e6);
}
