namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The float64 record of one problem's optimizer hyperparameters, stopping limits and step state in the scalar buffer
/// (<see cref="Width"/> doubles per problem), and the per-problem status codes. Theory.md §1: one scalar step η_k per
/// problem, τ_k = Σ η_i; GroupRMSprop s_k = α s_{k−1} + (1−α)‖g_k‖², η_k = lr / (√(s_k/(1−α^k)) + ε).
/// </summary>
public static class ProblemScalars
{
    public const int Width = 13;

    public const int LearningRate = 0, Alpha = 1, Epsilon = 2, Method = 3;
    public const int MaxSteps = 4, TimeLimit = 5, DivergenceFactor = 6, InitialLoss = 7;
    public const int Time = 8, SquareAverage = 9, Loss = 10, StepSize = 11;

    /// <summary>1: stop on a non-finite loss or one above DivergenceFactor × InitialLoss; 0: step on regardless (as <see cref="Training.Simulation"/>).</summary>
    public const int CheckDivergence = 12;

    /// <summary>Values of <see cref="Method"/>.</summary>
    public const double GradientDescent = 0, GroupRmsProp = 1;

    /// <summary>Status codes: stepping, or frozen for the reason given (the host freezes converged and cancelled problems).</summary>
    public const int Running = 0, ReachedMaxSteps = 1, ReachedTime = 2, NonFiniteLoss = 3, LossAboveFactor = 4, FrozenByHost = 5;
}
