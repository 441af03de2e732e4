namespace ImplicitReg.Numerics.Training;

/// <summary>Which rule stopped a <see cref="TrainingRun"/>, or cancellation.</summary>
public enum StopReason
{
    Converged,
    MaxSteps,
    TimeReached,
    Diverged,
    Cancelled,
}

/// <summary>Why and where a run stopped; <paramref name="Rule"/> is null for cancellation and for a non-finite loss without a divergence rule.</summary>
public sealed record RunResult(StopReason Reason, StoppingRule? Rule, long Iteration, double Time, double Loss, string Message);
