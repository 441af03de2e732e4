namespace ImplicitReg.Numerics.Training;

/// <summary>When a <see cref="TrainingRun"/> stops (theory.md §8.1 A).</summary>
public abstract record StoppingRule;

/// <summary>Loss below <paramref name="Threshold"/> at <paramref name="Patience"/> consecutive logged rows.</summary>
public sealed record LossBelow(double Threshold, int Patience = 1) : StoppingRule;

/// <summary>
/// φ(θ_k) ≤ <paramref name="Threshold"/> at any step k, checked after every step rather than at logged rows, so the
/// run stops at the first such iterate (ACHL19 main.py: <c>if loss ≤ train_thres: break</c> each iteration).
/// </summary>
public sealed record LossReaches(double Threshold) : StoppingRule;

/// <summary>k reached <paramref name="Steps"/>.</summary>
public sealed record MaxSteps(long Steps) : StoppingRule;

/// <summary>Gradient-flow time τ reached <paramref name="Tau"/> (the last step may overshoot it).</summary>
public sealed record TimeReached(double Tau) : StoppingRule;

/// <summary>Loss above <paramref name="Factor"/> × the initial loss. A non-finite loss always stops a run as diverged.</summary>
public sealed record Divergence(double Factor = 1e6) : StoppingRule;
