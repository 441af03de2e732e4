using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Specs;

/// <summary>A simulation spec made concrete: model, target, loss, train/test split, θ₀, optimizer and quantities.</summary>
public sealed class Problem
{
    public Problem(SimulationSpec spec)
    {
        Spec = spec;
        Model = spec.Model.Build();
        Target = spec.Target.Build(Model);
        if (Target.Length != Model.EndShape.Size)
            throw new ArgumentException($"The target has {Target.Length} entries but the model's end tensor {Model.EndShape} has {Model.EndShape.Size}.");
        (Loss, Train, Test) = spec.Observations.Build(Model.EndShape, Target);
        Objective = new Objective(Model, Loss);
        InitialTheta = spec.Init.Build(Model);
        Quantities = spec.Record.Select(r => QuantityCatalog.Create(r, Model, Target, Test)).ToArray();
    }

    public SimulationSpec Spec { get; }
    public IFactorization Model { get; }
    public double[] Target { get; }
    public ILoss Loss { get; }
    public int[] Train { get; }
    public int[] Test { get; }
    public Objective Objective { get; }
    public double[] InitialTheta { get; }
    public IReadOnlyList<IQuantity> Quantities { get; }

    public StoppingRule[] StoppingRules()
    {
        var rules = new List<StoppingRule> { new MaxSteps(Spec.Run.MaxSteps), new Divergence(Spec.Run.DivergenceFactor) };
        if (Spec.Run.LossThreshold is { } t) rules.Add(new LossBelow(t, Spec.Run.Patience));
        return [.. rules];
    }

    /// <summary>A fresh run from θ₀.</summary>
    public TrainingRun NewRun() =>
        new(new Simulation(Objective, Spec.Optimizer.Build(), InitialTheta), new Recorder(Spec.Run.LogEvery, Quantities), StoppingRules());

    /// <summary>A run continued from a checkpoint of this same problem.</summary>
    public TrainingRun Resume(SimulationState state) =>
        TrainingRun.Resume(state, Objective, Spec.Optimizer.Build(), new Recorder(Spec.Run.LogEvery, Quantities), StoppingRules());
}
