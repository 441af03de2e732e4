namespace ImplicitReg.Numerics.Specs;

/// <summary>When to log and when to stop (theory.md §8.1 A).</summary>
public sealed record RunSpec(long MaxSteps, int LogEvery, double? LossThreshold, int Patience, double DivergenceFactor);

/// <summary>One configured simulation: model, target, observations, init, optimizer, run and recorded quantities.</summary>
public sealed record SimulationSpec(
    ModelSpec Model,
    TargetSpec Target,
    MeasurementSpec Observations,
    InitSpec Init,
    OptimizerSpec Optimizer,
    RunSpec Run,
    IReadOnlyList<string> Record);
