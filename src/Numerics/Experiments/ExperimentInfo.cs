namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// What an experiment reproduces: its theory.md id (e.g. "TF-E1"), a one-line title, the paper and the figure
/// (or, where theory.md marks the figure number [UNKNOWN], the official code's plot it matches), and what the
/// quick configuration scales down.
/// </summary>
/// <param name="Id">theory.md §9 id, e.g. "TF-E1".</param>
/// <param name="Title">One line, e.g. "component norms and reconstruction error over time".</param>
/// <param name="Paper">Short paper key as in theory.md, e.g. "RMC21".</param>
/// <param name="Figure">The paper's figure, e.g. "blog Fig. 4 (paper figure [UNKNOWN]); example_plots/syn/tc_mse_ord4_std005.png".</param>
/// <param name="TheorySection">Where theory.md describes it, e.g. "§5.2".</param>
/// <param name="QuickNote">How --quick differs from --full.</param>
public sealed record ExperimentInfo(string Id, string Title, string Paper, string Figure, string TheorySection, string QuickNote);
