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

    public void Record(Simulation simulation)
    {
        _row[0] = simulation.Iteration;
        _row[1] = simulation.Time;
        _row[2] = simulation.Loss;
        int at = 3;
        foreach (var q in _quantities)
        {
            int width = q.Columns.Count;
            q.Evaluate(simulation.Theta, simulation.Objective, _row.AsSpan(at, width));
            at += width;
        }
        Trajectory.Add(_row);
    }
}
