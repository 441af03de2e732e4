using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Logs every <see cref="Interval"/> steps (k ≡ 0 mod interval, k = 0 included) one row
/// [k, τ, loss, quantity columns …] into a <see cref="Trajectory"/> (theory.md §8.1 A, "every M steps").
/// </summary>
public sealed class Recorder
{
    public const string IterationColumn = "k";
    public const string TimeColumn = "tau";
    public const string LossColumn = "loss";

    private readonly IQuantity[] _quantities;
    private readonly double[] _row;

    public Recorder(int interval, IReadOnlyList<IQuantity> quantities, int capacityRows = 64)
    {
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "Log at least every step (interval ≥ 1).");
        Interval = interval;
        _quantities = [.. quantities];
        var columns = new List<string> { IterationColumn, TimeColumn, LossColumn };
        foreach (var q in _quantities) columns.AddRange(q.Columns);
        Trajectory = new Trajectory(columns, capacityRows);
        _row = new double[columns.Count];
    }

    public Recorder(int interval, params IQuantity[] quantities) : this(interval, (IReadOnlyList<IQuantity>)quantities) { }

    public int Interval { get; }
    public IReadOnlyList<IQuantity> Quantities => _quantities;
    public Trajectory Trajectory { get; }

    public bool IsDue(long iteration) => iteration % Interval == 0;

    public void Record(Simulation simulation) => Record(simulation.Iteration, simulation.Time, simulation.Loss, simulation.Theta, simulation.Objective);

    /// <summary>
    /// Logs the row of iterate θ_k. <paramref name="evaluated"/> may fill the columns of quantity i itself (the device
    /// backend's quantities) and return true; the others are evaluated here at θ with <paramref name="objective"/>.
    /// </summary>
    public void Record(long iteration, double time, double loss, ReadOnlySpan<double> theta, Objective? objective, Func<int, Span<double>, bool>? evaluated = null)
    {
        _row[0] = iteration;
        _row[1] = time;
        _row[2] = loss;
        int at = 3;
        for (int i = 0; i < _quantities.Length; i++)
        {
            var q = _quantities[i];
            int width = q.Columns.Count;
            var columns = _row.AsSpan(at, width);
            if (evaluated is null || !evaluated(i, columns))
                q.Evaluate(theta, objective ?? throw new ArgumentNullException(nameof(objective), $"Quantity {string.Join("/", q.Columns)} is evaluated on the host and needs the objective."), columns);
            at += width;
        }
        Trajectory.Add(_row);
    }
}
