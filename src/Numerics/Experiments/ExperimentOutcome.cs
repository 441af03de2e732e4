using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Experiments.Figures;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// What an experiment produced: the figure's key numbers (<see cref="Summary"/>, deterministic for a seed: numbers
/// rounded by <see cref="Significant"/>, no timings), the expected-outcome checks, the figures to draw and tables
/// to write. The runs' trajectories are already in the work folder (runs/KEY/).
/// </summary>
public sealed record ExperimentOutcome(JsonObject Summary, IReadOnlyList<Expectation> Expectations, IReadOnlyList<Figure> Figures, IReadOnlyList<ResultTable> Tables)
{
    public bool Passed => Expectations.All(e => e.Passed);
}
