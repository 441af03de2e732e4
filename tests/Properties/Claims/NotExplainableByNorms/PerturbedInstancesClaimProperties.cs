using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.NotExplainableByNorms;

namespace ImplicitReg.Properties.Claims.NotExplainableByNorms;

/// <summary>NN-3 on RC20's perturbed instances b = (−2, 0.5, ε) as FsCheck properties (balanced depth-3 GD runs; few cases).</summary>
[Properties(MaxTest = 4, Replay = Seeds.Replay)]
public class PerturbedInstancesClaimProperties
{
    [Property(DisplayName = "NN-3: with det W < 0 kept, converged runs on b = (−2, 0.5, ε) end with |w11| ≥ 0.85/ε")]
    public bool ConvergedRunsWithNegativeDeterminantEndBeyondOneOverEpsilon(byte eps, int seed)
    {
        double epsilon = 0.1 + 0.4 * eps / 255.0;
        var r = NN3_PerturbedInstancesCheck.Follow(NN3_PerturbedInstancesCheck.Balanced(3, epsilon, 0.1, seed), epsilon,
            NN3_PerturbedInstancesCheck.Eta, NN3_PerturbedInstancesCheck.MaxSteps);
        return r.DetKeptNegative && r.Loss < NN3_PerturbedInstancesCheck.LossTolerance(epsilon) && NN3_PerturbedInstancesCheck.Ratio(r.AbsW11, epsilon) >= 1;
    }

    [Property(DisplayName = "NN-3 control: a large step flips det W and the run ends far below 0.85/ε", MaxTest = 3)]
    public bool LargeStepFlipsTheDeterminantAndBreaksTheBound(int seed)
    {
        var r = NN3_PerturbedInstancesCheck.Follow(NN3_PerturbedInstancesCheck.Balanced(3, 0.05, 0.1, seed), 0.05,
            NN3_PerturbedInstancesCheck.LargeStep, NN3_PerturbedInstancesCheck.MaxSteps);
        return !r.DetKeptNegative && !(NN3_PerturbedInstancesCheck.Ratio(r.AbsW11, 0.05) >= 1);
    }
}
