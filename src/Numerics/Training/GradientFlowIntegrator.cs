using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// A reference integrator of gradient flow θ̇ = −∇φ(θ) (theory.md §1) holding θ(t) and t; subclasses own
/// preallocated stage buffers so stepping allocates nothing.
/// </summary>
public abstract class GradientFlowIntegrator
{
    private protected readonly double[] State;

    private protected GradientFlowIntegrator(Objective objective, ReadOnlySpan<double> theta, double time)
    {
        if (theta.Length != objective.Dimension)
            throw new ArgumentException($"θ has {theta.Length} entries, {objective.Model.Name} has {objective.Dimension} parameters.", nameof(theta));
        Objective = objective;
        State = theta.ToArray();
        Time = time;
    }

    public Objective Objective { get; }
    public ReadOnlySpan<double> Theta => State;
    public double Time { get; private protected set; }

    /// <summary>Evaluations of ∇φ so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Advances to t = <paramref name="tau"/> exactly (τ ≥ current time).</summary>
    public abstract void IntegrateTo(double tau);

    /// <summary>v = −∇φ(θ).</summary>
    private protected void Velocity(ReadOnlySpan<double> theta, Span<double> velocity)
    {
        Objective.ValueAndGradient(theta, velocity);
        TensorPrimitives.Negate(velocity, velocity);
        Evaluations++;
    }

    private protected void CheckTarget(double tau)
    {
        if (!double.IsFinite(tau) || tau < Time)
            throw new ArgumentOutOfRangeException(nameof(tau), tau, $"Gradient flow integrates forward from t = {Time:R} to a finite time.");
    }
}
