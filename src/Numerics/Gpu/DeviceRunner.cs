namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// Runs problems of any structures on a device: problems with the same structure key (model, loss kind and size,
/// recorded quantities) form one <see cref="DeviceRun"/> batch, e.g. the depths of a sweep each their own; the batches
/// run one after another and the outcomes come back in the order of the problems.
/// </summary>
public static class DeviceRunner
{
    /// <summary>Configured problems (<see cref="Specs.Problem"/>: their θ₀, optimizer, log interval, quantities and stopping rules) on a device.</summary>
    public static IReadOnlyList<DeviceOutcome> Run(ComputeDevice device, IReadOnlyList<Specs.Problem> problems, Precision precision = Precision.Float64,
        Action<int, Training.RunProgress>? progress = null, CancellationToken cancellation = default) =>
        Run(device, problems.Select(p => DeviceProblem.From(p)).ToArray(), precision, progress, cancellation);

    public static IReadOnlyList<DeviceOutcome> Run(ComputeDevice device, IReadOnlyList<DeviceProblem> problems, Precision precision = Precision.Float64,
        Action<int, Training.RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        var outcomes = new DeviceOutcome[problems.Count];
        foreach (var group in Enumerable.Range(0, problems.Count).GroupBy(i => problems[i].StructureKey))
        {
            var indices = group.ToArray();
            using var run = new DeviceRun(device, indices.Select(i => problems[i]).ToArray(), precision);
            run.Run(progress is null ? null : (j, p) => progress(indices[j], p), cancellation);
            for (int j = 0; j < indices.Length; j++) outcomes[indices[j]] = run.Outcome(j);
        }
        return outcomes;
    }
}
