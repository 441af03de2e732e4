using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Specs;

public abstract record OptimizerSpec
{
    public abstract IOptimizer Build();
}

public sealed record GradientDescentSpec(double LearningRate) : OptimizerSpec
{
    public override IOptimizer Build() => new GradientDescent(LearningRate);
}

/// <summary>GroupRMSprop of the official repositories (theory.md §1): α = 0.99, ε = 1e-6 (imp_reg_*) or 1e-4 (ACHL19).</summary>
public sealed record GroupRmsPropSpec(double LearningRate, double Alpha, double Epsilon) : OptimizerSpec
{
    public override IOptimizer Build() => new GroupRmsProp(LearningRate, Alpha, Epsilon);
}
