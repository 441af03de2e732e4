namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// Which configuration of an experiment to run: <see cref="Full"/> is the paper's (theory.md gives sizes, init,
/// optimiser, step, iterations, stopping rule); <see cref="Quick"/> is a scaled-down configuration that still shows
/// the phenomenon and runs in seconds to a minute.
/// </summary>
public enum ExperimentScale
{
    Quick,
    Full,
}
