using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// A GD or GroupRMSprop run whose iterates a check reads: θ_k (with φ, ∇φ, τ_k and η_k) at k = 0, every, 2·every, …
/// and at the last step. The run ends after <paramref name="Steps"/> steps, or earlier at a recorded iterate whose loss is
/// below <paramref name="StopBelowLoss"/> or not finite (when StopBelowLoss is set).
/// </summary>
public sealed record TrajectoryRequest(Objective Objective, double[] Theta0, Func<IOptimizer> Optimizer, long Steps, int Every = 1, double? StopBelowLoss = null)
{
    public bool IsRecorded(long k) => k % Every == 0 || k == Steps;

    public bool StopsAt(double loss) => StopBelowLoss is { } threshold && (loss < threshold || !double.IsFinite(loss));
}

/// <summary>The recorded iterates of one <see cref="TrajectoryRequest"/>: row i is iterate k = Iterations[i].</summary>
public sealed class Iterates
{
    private readonly List<long> _iterations = [];
    private readonly List<double> _times = [], _losses = [], _stepSizes = [];
    private readonly List<double[]> _thetas = [], _gradients = [];

    public int Count => _iterations.Count;
    public IReadOnlyList<long> Iterations => _iterations;
    public IReadOnlyList<double> Times => _times;
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>η of the step that produced the iterate (0 at k = 0).</summary>
    public IReadOnlyList<double> StepSizes => _stepSizes;

    public IReadOnlyList<double[]> Thetas => _thetas;

    /// <summary>∇φ at each iterate.</summary>
    public IReadOnlyList<double[]> Gradients => _gradients;

    /// <summary>The last iterate θ.</summary>
    public double[] Final => _thetas[^1];

    public void Add(long k, double time, double loss, double stepSize, double[] theta, double[] gradient)
    {
        _iterations.Add(k);
        _times.Add(time);
        _losses.Add(loss);
        _stepSizes.Add(stepSize);
        _thetas.Add(theta);
        _gradients.Add(gradient);
    }
}

/// <summary>
/// Where the checks' gradient-descent trajectories run: the managed <see cref="Simulation"/> (the default), or a device
/// batch (Gpu/DeviceTrajectories, `verify --device`). The checks evaluate their laws on the host from the iterates.
/// </summary>
public interface ITrajectorySource
{
    /// <summary>"managed" or the device's description, for reports.</summary>
    string Device { get; }

    IReadOnlyList<Iterates> Run(IReadOnlyList<TrajectoryRequest> requests);
}

/// <summary>The managed trajectories: one <see cref="Simulation"/> per request.</summary>
public sealed class ManagedTrajectories : ITrajectorySource
{
    public static ManagedTrajectories Instance { get; } = new();

    public string Device => "managed";

    public IReadOnlyList<Iterates> Run(IReadOnlyList<TrajectoryRequest> requests) => requests.Select(Run).ToArray();

    private static Iterates Run(TrajectoryRequest r)
    {
        var sim = new Simulation(r.Objective, r.Optimizer(), r.Theta0);
        var iterates = new Iterates();
        iterates.Add(0, sim.Time, sim.Loss, 0, sim.Theta.ToArray(), sim.Gradient.ToArray());
        if (r.StopsAt(sim.Loss)) return iterates;
        for (long k = 1; k <= r.Steps; k++)
        {
            sim.Step();
            if (!r.IsRecorded(k)) continue;
            iterates.Add(k, sim.Time, sim.Loss, sim.LastStepSize, sim.Theta.ToArray(), sim.Gradient.ToArray());
            if (r.StopsAt(sim.Loss)) break;
        }
        return iterates;
    }
}

public static class TrajectorySources
{
    /// <summary>One run's iterates.</summary>
    public static Iterates RunOne(this ITrajectorySource source, TrajectoryRequest request) => source.Run([request])[0];

    /// <summary>θ after <paramref name="steps"/> steps from θ₀ (managed when <paramref name="source"/> is null).</summary>
    public static double[] End(this ITrajectorySource? source, Objective objective, double[] theta0, Func<IOptimizer> optimizer, long steps) =>
        (source ?? ManagedTrajectories.Instance).RunOne(new TrajectoryRequest(objective, theta0, optimizer, steps, Every: (int)Math.Clamp(steps, 1, int.MaxValue))).Final;

    /// <summary>Every iterate of <paramref name="steps"/> steps from θ₀, read step by step (managed when <paramref name="source"/> is null).</summary>
    public static IterateCursor Replay(this ITrajectorySource? source, Objective objective, double[] theta0, Func<IOptimizer> optimizer, long steps) =>
        new((source ?? ManagedTrajectories.Instance).RunOne(new TrajectoryRequest(objective, theta0, optimizer, steps)));
}

/// <summary>A recorded run (every step) read like a <see cref="Simulation"/>: <see cref="Step"/> moves to the next iterate.</summary>
public sealed class IterateCursor(Iterates iterates)
{
    private int _i;

    public ReadOnlySpan<double> Theta => iterates.Thetas[_i];
    public ReadOnlySpan<double> Gradient => iterates.Gradients[_i];
    public long Iteration => iterates.Iterations[_i];
    public double Time => iterates.Times[_i];
    public double Loss => iterates.Losses[_i];

    /// <summary>Moves to θ_{k+1}; returns η_{k+1}.</summary>
    public double Step()
    {
        if (_i + 1 >= iterates.Count) throw new InvalidOperationException($"The recorded run ends at k = {Iteration}.");
        if (iterates.Iterations[_i + 1] != Iteration + 1) throw new InvalidOperationException("A cursor reads runs recorded at every step.");
        return iterates.StepSizes[++_i];
    }
}
