using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// One problem of a <see cref="BatchSimulation"/>: its loss (Ω and y, or the sensing matrices), θ, optimizer
/// (<see cref="GradientDescent"/> or <see cref="GroupRmsProp"/>, with its state s when resumed), step k and τ, and its
/// stopping limits. <see cref="CheckDivergence"/> applies the divergence rules on the device (a non-finite loss, or a
/// loss above <see cref="DivergenceFactor"/> × <see cref="InitialLoss"/>); without it a problem steps on like
/// <see cref="Simulation"/>.
/// </summary>
public sealed record BatchMember(
    ILoss Loss,
    double[] Theta,
    IOptimizer Optimizer,
    long Iteration = 0,
    double Time = 0,
    long MaxSteps = long.MaxValue,
    double TimeLimit = double.PositiveInfinity,
    bool CheckDivergence = false,
    double DivergenceFactor = double.PositiveInfinity,
    double? InitialLoss = null)
{
    /// <summary>(lr, α, ε, GroupRMSprop?) and the optimizer's state s (0 for GD) of a supported optimizer.</summary>
    public (double LearningRate, double Alpha, double Epsilon, bool GroupRmsProp, double SquareAverage) OptimizerSettings() => Optimizer switch
    {
        GradientDescent gd => (gd.LearningRate, 0, 0, false, 0),
        GroupRmsProp rms => (rms.LearningRate, rms.Alpha, rms.Epsilon, true, rms.SquareAverage),
        _ => throw new ArgumentException($"The device backend runs GD and GroupRMSprop, not {Optimizer.Name}."),
    };
}
