namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// Where a sweep reports progress; called from several threads at once (runs go in parallel). The CLI draws a
/// progress bar on a terminal and plain lines otherwise.
/// </summary>
public interface IExperimentProgress
{
    /// <summary>The sweep about to run: its runs, how many are already finished (resumed), and their step budgets.</summary>
    void Planned(string stage, IReadOnlyList<(string Key, long MaxSteps, bool Done)> runs);

    /// <summary>A logged row of a run.</summary>
    void Report(string key, long iteration, double loss);

    /// <summary>A run ended (or was loaded finished from the output folder).</summary>
    void Finished(string key, string message);

    /// <summary>A free-form line (a post-processing step, a notice).</summary>
    void Note(string message);
}

/// <summary>Progress that goes nowhere (tests, library use).</summary>
public sealed class SilentProgress : IExperimentProgress
{
    public static readonly SilentProgress Instance = new();
    public void Planned(string stage, IReadOnlyList<(string Key, long MaxSteps, bool Done)> runs) { }
    public void Report(string key, long iteration, double loss) { }
    public void Finished(string key, string message) { }
    public void Note(string message) { }
}
