using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// A finished run of a sweep: its logged rows (k, τ, loss, quantities), why it stopped, and θ at the end.
/// Identical whether the run went through uninterrupted or was checkpointed and resumed.
/// </summary>
public sealed record RunRecord(string Key, Trajectory Trajectory, StopReason Reason, long Iteration, double Time, double Loss, string Message, double[] FinalTheta)
{
    public double[] Column(string name) => Trajectory.Column(name);

    public double Last(string column) => Trajectory[Trajectory.RowCount - 1, column];

    /// <summary>Per logged row, the values of <paramref name="columns"/> in their order (e.g. the top-K magnitudes for <see cref="Analysis.Staircase"/>).</summary>
    public List<double[]> Rows(IReadOnlyList<string> columns)
    {
        var values = columns.Select(Column).ToArray();
        return Enumerable.Range(0, Trajectory.RowCount).Select(t => values.Select(col => col[t]).ToArray()).ToList();
    }

    /// <summary>
    /// Per logged row, the columns PREFIX1 … PREFIXcount (e.g. "sigma", 10: the top-10 singular values; "norm": component
    /// norms) — the rows <see cref="Analysis.Staircase.Detect"/> reads.
    /// </summary>
    public List<double[]> Rows(string prefix, int count)
    {
        var columns = Enumerable.Range(1, count).Select(i => Column($"{prefix}{i}")).ToArray();
        return [.. Enumerable.Range(0, Trajectory.RowCount).Select(t => columns.Select(col => col[t]).ToArray())];
    }

    public static RunRecord From(string key, TrainingRun run, RunResult result) =>
        new(key, run.Recorder.Trajectory, result.Reason, result.Iteration, result.Time, result.Loss, result.Message, run.Simulation.Theta.ToArray());
}
