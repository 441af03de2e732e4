using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// One simulation for the device runner: the same pieces a managed <see cref="TrainingRun"/> takes — model, loss, θ₀, a
/// fresh optimizer, log interval, recorded quantities, stopping rules — and optionally a checkpoint to continue from.
/// <see cref="Objective"/> is what host-evaluated quantities receive (built from the model and loss when not given).
/// </summary>
public sealed record DeviceProblem(
    IFactorization Model,
    ILoss Loss,
    double[] Theta0,
    IOptimizer Optimizer,
    int LogEvery,
    IReadOnlyList<IQuantity> Quantities,
    IReadOnlyList<StoppingRule> Rules,
    SimulationState? Resume = null,
    Objective? Objective = null)
{
    /// <summary>The device form of a configured problem (its spec's optimizer, log interval, quantities and stopping rules).</summary>
    public static DeviceProblem From(Problem problem, SimulationState? resume = null) =>
        new(problem.Model, problem.Loss, problem.InitialTheta, problem.Spec.Optimizer.Build(), problem.Spec.Run.LogEvery, problem.Quantities,
            problem.StoppingRules(), resume, problem.Objective);

    /// <summary>Problems with equal keys run in one batch (<see cref="DeviceProgram.StructureKey"/>).</summary>
    public string StructureKey => DeviceProgram.StructureKey(Model, Loss, Quantities);
}

/// <summary>What a device run produced for one problem, as the managed run would: its result, logged rows, final θ and a checkpoint.</summary>
public sealed record DeviceOutcome(RunResult Result, Trajectory Trajectory, double[] Theta, SimulationState State);
