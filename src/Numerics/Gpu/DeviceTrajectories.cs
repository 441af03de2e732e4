using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The checks' trajectories on a device (`verify --device`): the requests of one call with the same structure run as one
/// <see cref="BatchSimulation"/> (in chunks when they exceed the device's memory), each problem frozen at its last step or its stopping loss, θ and ∇φ copied back at every
/// recorded iterate. With <see cref="Compare"/>, the same requests also run on the managed path and the worst relative
/// difference of θ over all recorded iterates is kept for the claim's evidence row (<see cref="TakeComparison"/>).
/// </summary>
public sealed class DeviceTrajectories(ComputeDevice device, bool compare = true, Precision precision = Precision.Float64) : ITrajectorySource
{
    private int _runs;
    private double _worst;

    public string Device => device.Description;

    public bool Compare => compare;

    public Precision Precision => precision;

    /// <summary>How many runs were compared with the managed path since the last call, and their worst relative θ difference; resets both.</summary>
    public (int Runs, double Worst) TakeComparison()
    {
        var taken = (_runs, _worst);
        (_runs, _worst) = (0, 0);
        return taken;
    }

    public IReadOnlyList<Iterates> Run(IReadOnlyList<TrajectoryRequest> requests)
    {
        var result = new Iterates[requests.Count];
        foreach (var group in Enumerable.Range(0, requests.Count).GroupBy(i => DeviceProgram.StructureKey(requests[i].Objective.Model, requests[i].Objective.Loss, [])))
        {
            var indices = group.ToArray();
            var first = requests[indices[0]].Objective;
            var program = DeviceProgram.For(first.Model, first.Loss, []);
            long fit = BatchSimulation.MaxProblems(program, precision, device.MemoryBytes);
            if (fit < 1)
                throw new DeviceMemoryException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"a trajectory of {first.Model.Name} needs {BatchSimulation.BytesNeeded(program, precision, 1):N0} bytes but {device.Description} has {device.MemoryBytes:N0}."));
            foreach (var chunk in indices.Chunk((int)Math.Min(fit, int.MaxValue)))
            {
                var batch = RunBatch(program, chunk.Select(i => requests[i]).ToArray());
                for (int j = 0; j < chunk.Length; j++) result[chunk[j]] = batch[j];
            }
        }
        if (compare)
        {
            var managed = ManagedTrajectories.Instance.Run(requests);
            for (int i = 0; i < requests.Count; i++)
            {
                _runs++;
                _worst = Math.Max(_worst, Difference(result[i], managed[i]));
            }
        }
        return result;
    }

    private Iterates[] RunBatch(DeviceProgram program, IReadOnlyList<TrajectoryRequest> requests)
    {
        var members = requests.Select(r => new BatchMember(r.Objective.Loss, r.Theta0, r.Optimizer(), MaxSteps: r.Steps)).ToArray();
        using var batch = new BatchSimulation(device, program, members, precision);
        var iterates = requests.Select(_ => new Iterates()).ToArray();
        var done = new bool[requests.Count];
        Record(batch, requests, iterates, done, program.Parameters, recordAll: true);
        while (done.Contains(false))
        {
            long steps = long.MaxValue;
            for (int b = 0; b < requests.Count; b++)
            {
                if (done[b]) continue;
                long k = batch.Iteration(b), every = requests[b].Every;
                steps = Math.Min(steps, Math.Min(k + every - k % every, requests[b].Steps) - k);
            }
            batch.Step((int)Math.Min(steps, int.MaxValue));
            Record(batch, requests, iterates, done, program.Parameters, recordAll: false);
        }
        return iterates;
    }

    private static void Record(BatchSimulation batch, IReadOnlyList<TrajectoryRequest> requests, Iterates[] iterates, bool[] done, int p, bool recordAll)
    {
        var thetas = batch.Thetas();
        var gradients = batch.Gradients();
        for (int b = 0; b < requests.Count; b++)
        {
            if (done[b]) continue;
            long k = batch.Iteration(b);
            if (!recordAll && !requests[b].IsRecorded(k)) continue;
            iterates[b].Add(k, batch.Time(b), batch.Loss(b), k == 0 ? 0 : batch.LastStepSize(b), thetas.AsSpan(b * p, p).ToArray(), gradients.AsSpan(b * p, p).ToArray());
            if (k < requests[b].Steps && !requests[b].StopsAt(batch.Loss(b))) continue;
            done[b] = true;
            batch.Freeze(b);
        }
    }

    /// <summary>
    /// max over the iterates both runs recorded of max_i |θ_i − θ'_i| / max_i |θ'_i| (one run may stop one recorded iterate
    /// later when its loss is within rounding of the stopping threshold; ∞ when the recorded iterations differ otherwise).
    /// </summary>
    public static double Difference(Iterates device, Iterates managed)
    {
        int n = Math.Min(device.Count, managed.Count);
        if (Math.Abs(device.Count - managed.Count) > 1 || !device.Iterations.Take(n).SequenceEqual(managed.Iterations.Take(n))) return double.PositiveInfinity;
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            double err = 0, scale = 0;
            var a = device.Thetas[i];
            var b = managed.Thetas[i];
            for (int j = 0; j < b.Length; j++)
            {
                err = Math.Max(err, Math.Abs(a[j] - b[j]));
                scale = Math.Max(scale, Math.Abs(b[j]));
            }
            if (err > 0) worst = Math.Max(worst, err / scale);
        }
        return worst;
    }
}

/// <summary>The evidence row a claim gets when its trajectories ran on a device (`verify --device`).</summary>
public static class DeviceEvidence
{
    /// <summary>
    /// Worst relative θ difference allowed between a device trajectory and the managed one (float64; measured over
    /// every routed claim of `verify --device cpu`: see README "GPU backend").
    /// </summary>
    public const double Tolerance = 1e-9;

    /// <summary><paramref name="evidence"/> with the row "device trajectory vs managed trajectory" when the claim ran any trajectory on the device.</summary>
    public static Checks.NumericEvidence? WithComparison(Checks.NumericEvidence? evidence, DeviceTrajectories device)
    {
        var (runs, worst) = device.TakeComparison();
        if (evidence is null || runs == 0) return evidence;
        var row = new Checks.EvidenceRow($"device trajectory vs managed trajectory: worst relative difference of θ over {runs} runs ({device.Device})", worst, Tolerance);
        return evidence with { Rows = [.. evidence.Rows, row] };
    }
}
