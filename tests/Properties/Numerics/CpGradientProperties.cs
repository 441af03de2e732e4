using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>CP and deep-CP gradients ∇φ = Backward(θ, ∇ℒ) agree with central finite differences (theory.md §5.1, §7 DT-1).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class CpGradientProperties
{
    private static bool MatchesFiniteDifferences(ModelCase c)
    {
        var loss = RandomInstances.Loss(c.Model.EndShape, c.Seed);
        var objective = new Objective(c.Model, loss);
        return GradientCheck.Run(objective, RandomInstances.Theta(c.Model, c.Seed + 1)).Passes(1e-6);
    }

    [Property]
    public Property CpFactorizationGradientMatchesFiniteDifferences() =>
        Prop.ForAll(CpArbitraries.CpModel(), MatchesFiniteDifferences);

    [Property]
    public Property DeepCpFactorizationGradientMatchesFiniteDifferences() =>
        Prop.ForAll(CpArbitraries.DeepCpModel(), MatchesFiniteDifferences);

    /// <summary>End and Backward allocate nothing once warm (IFactorization contract).</summary>
    [Fact]
    public void CpAndDeepCpEndAndBackwardAllocateNothing()
    {
        IFactorization[] models = [new CpFactorization([3, 4, 2, 5], 6), new CpFactorization([7], 3), new DeepCpFactorization([3, 4, 2], 5, 3)];
        foreach (var model in models)
        {
            var theta = RandomInstances.Theta(model, 1);
            var end = new double[model.EndShape.Size];
            var gradient = new double[model.Layout.Size];
            model.End(theta, end);
            model.Backward(theta, end, gradient);
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.End(theta, end);
            model.Backward(theta, end, gradient);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
