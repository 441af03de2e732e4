using System.Globalization;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// A finished run taken from another experiment's folder (<c>reproduce --reuse</c>, e.g. MF-E1's runs for MF-E2) is used
/// only if it is the run this job computes. Keys name the sweep point, not everything behind it (a <c>--set</c> on the
/// source can change the target, the observations or the init under the same key), so the job's logged row at k = 0 —
/// the loss φ(θ₀) and the quantities at θ₀, which the model, target, observations and init all enter — is computed
/// and compared with the stored run's first row.
/// </summary>
public static class ReusedRunCheck
{
    /// <summary>Relative agreement required: far below what another target or init changes, above float32 device rounding.</summary>
    public const double Tolerance = 1e-4;

    /// <exception cref="ReusedRunMismatchException">The stored run started elsewhere.</exception>
    public static void RequireSameStart(RunJob job, RunRecord stored, string storedDirectory)
    {
        var setup = job.Build();
        var recorder = new Recorder(setup.LogEvery, setup.Quantities, capacityRows: 1);
        recorder.Record(new Simulation(setup.Objective, setup.NewOptimizer(), setup.InitialTheta));
        var expected = recorder.Trajectory;
        var actual = stored.Trajectory;
        if (actual.RowCount == 0 || !expected.Columns.SequenceEqual(actual.Columns))
            throw new ReusedRunMismatchException(job.Key, storedDirectory,
                $"its logged columns ({string.Join(", ", actual.Columns)}) are not this run's ({string.Join(", ", expected.Columns)})");
        ReadOnlySpan<double> want = expected.Row(0), have = actual.Row(0);
        for (int i = 0; i < want.Length; i++)
        {
            double a = want[i], b = have[i];
            if (a.Equals(b) || Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b))) continue;
            throw new ReusedRunMismatchException(job.Key, storedDirectory, string.Create(CultureInfo.InvariantCulture,
                $"at k = 0 its {expected.Columns[i]} is {b:R}, this configuration's is {a:R}"));
        }
    }
}

/// <summary>A run offered for reuse is not the run the job computes (another target, observations, init or model).</summary>
public sealed class ReusedRunMismatchException(string key, string directory, string detail)
    : Exception($"run '{key}' in {directory} is not the run this configuration computes: {detail}.")
{
    public string Key { get; } = key;
}
