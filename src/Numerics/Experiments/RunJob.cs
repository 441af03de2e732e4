using System.Text.RegularExpressions;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// One run of a sweep, named by a key that is unique within the experiment and safe as a folder name
/// (e.g. "init=5e-3"): its finished result and its checkpoints are stored under that name, so an interrupted
/// sweep resumes run by run. <see cref="Build"/> is called only when the run has to be computed.
/// </summary>
public sealed partial record RunJob
{
    public RunJob(string key, long maxSteps, Func<RunSetup> build)
    {
        if (maxSteps < 1) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, $"run '{key}': the step budget must be positive.");
        if (!KeyPattern().IsMatch(key))
            throw new ArgumentException($"run key '{key}': use letters, digits and . _ = + - only (it names a folder).", nameof(key));
        Key = key;
        MaxSteps = maxSteps;
        Build = build;
    }

    public string Key { get; }
    /// <summary>The run's step budget (its MaxSteps rule), for progress.</summary>
    public long MaxSteps { get; }

    public Func<RunSetup> Build { get; }

    [GeneratedRegex("^[A-Za-z0-9._=+-]{1,120}$")]
    private static partial Regex KeyPattern();
}
