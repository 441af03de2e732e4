using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// The state of the loop of theory.md §8.1 A: θ_k, the iteration k, the gradient-flow time τ_k = Σ_{i≤k} η_i,
/// and φ(θ_k) with ∇φ(θ_k) (evaluated once per step, kept for the next step and for one-step identities).
/// <see cref="Step"/> allocates nothing beyond what the objective and optimizer allocate.
/// </summary>
public sealed class Simulation
{
    private readonly double[] _theta;
    private readonly double[] _gradient;

    public Simulation(Objective objective, IOptimizer optimizer, ReadOnlySpan<double> theta, long iteration = 0, double time = 0)
    {
        if (theta.Length != objective.Dimension)
            throw new ArgumentException($"θ has {theta.Length} entries, {objective.Model.Name} has {objective.Dimension} parameters.", nameof(theta));
        if (iteration < 0) throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "The iteration count is non-negative.");
        Objective = objective;
        Optimizer = optimizer;
        _theta = theta.ToArray();
        _gradient = new double[theta.Length];
        Iteration = iteration;
        Time = time;
        Loss = objective.StepValueAndGradient(_theta, _gradient, iteration + 1);
    }

    public Objective Objective { get; }
    public IOptimizer Optimizer { get; }
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>∇φ(θ_k) at the current iterate.</summary>
    public ReadOnlySpan<double> Gradient => _gradient;

    /// <summary>k, the number of steps taken.</summary>
    public long Iteration { get; private set; }

    /// <summary>τ_k = Σ_{i≤k} η_i (theory.md §1: compare GF predictions at τ, not at k).</summary>
    public double Time { get; private set; }

    /// <summary>φ(θ_k) — under minibatches, the loss of step k + 1's batch at θ_k (the one its gradient came from).</summary>
    public double Loss { get; private set; }

    /// <summary>η_k of the last step (0 before the first).</summary>
    public double LastStepSize { get; private set; }

    /// <summary>θ_{k+1} = θ_k − η_{k+1}∇φ(θ_k); τ += η_{k+1}; returns η_{k+1}.</summary>
    public double Step()
    {
        double eta = Optimizer.Step(_theta, _gradient, Iteration + 1);
        Iteration++;
        Time += eta;
        LastStepSize = eta;
        Loss = Objective.StepValueAndGradient(_theta, _gradient, Iteration + 1);
        return eta;
    }
}
