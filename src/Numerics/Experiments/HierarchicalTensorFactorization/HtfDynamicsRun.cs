using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Numerics.Experiments.HierarchicalTensorFactorization;

/// <summary>The two readings of RMC22's HTF dynamics run (theory.md §6.3 HTF-E1, caveat; §10 item 5).</summary>
public enum HtfReading
{
    /// <summary>Order 4, D = 8, checkerboard tree {{0,1},{2,3}}, target = a random HT factorization of widths R* (HT rank R*) [INF].</summary>
    A,

    /// <summary>
    /// Order 3, D = 16, the README's default CP-rank-R* target (the TF run's), the official code's layers
    /// (<see cref="ModeTree.OfficialLayers"/>): root over {0,1} and the one-child link {2}' through which leaf {2} passes
    /// (the code's layer-1 factor for a pool of size 1).
    /// </summary>
    B,
}

/// <summary>
/// One HTF completion problem of RMC22's dynamics experiments: order-N, D^N tensor, target of rank <see cref="TargetRank"/>
/// (HT rank for reading A, CP rank for B) with ‖𝒲*‖_F = <see cref="TargetNorm"/>, <see cref="Observed"/> observed entries
/// (the rest held out), HTF over <see cref="Tree"/> with every interior width R_ν = <see cref="Width"/>, every parameter
/// entry 𝒩(0, <see cref="InitStd"/>²) (RMC22 <c>init_std</c>, theory.md §1).
/// </summary>
public sealed record HtfProblem(HtfReading Reading, int Order, int Dim, int Width, int TargetRank, int Observed, double TargetNorm, double InitStd)
{
    /// <summary>
    /// Reading A at a scale: the paper's (order 4, D = 8, R_ν = 512 = 8³, HT-rank-5 target of norm 64, 2048 of 4096 observed,
    /// init std 1e-2) or the quick one (the same problem with R_ν = <see cref="QuickWidth"/> and <see cref="QuickInitStd"/>).
    /// HTF-E1 and HTF-E2 both take it from here, so at one scale they run the same run.
    /// </summary>
    public static HtfProblem ReadingA(ExperimentScale scale) => scale == ExperimentScale.Full
        ? new(HtfReading.A, 4, 8, 512, 5, 2048, 64, 1e-2)
        : new(HtfReading.A, 4, 8, QuickWidth, 5, 2048, 64, QuickInitStd);

    /// <summary>
    /// Reading B at a scale: the paper's (order 3, D = 16, R_ν = 512, CP-rank-5 target of norm 64, 2048 of 4096 observed, init std 1e-2)
    /// or the quick one (R_ν = <see cref="QuickWidth"/>, <see cref="QuickInitStd"/>).
    /// </summary>
    public static HtfProblem ReadingB(ExperimentScale scale) => scale == ExperimentScale.Full
        ? new(HtfReading.B, 3, 16, 512, 5, 2048, 64, 1e-2)
        : new(HtfReading.B, 3, 16, QuickWidth, 5, 2048, 64, QuickInitStd);

    /// <summary>--quick: interior widths 32 instead of 512 (a step costs ≈ 1/100 of the paper's).</summary>
    public const int QuickWidth = 32;

    /// <summary>--quick: 1e-2·√(512/32) = 4e-2, so the interior matrices' columns and rows (512 → 32 entries) start with the paper's norms.</summary>
    public const double QuickInitStd = 4e-2;

    public int[] Dims => Enumerable.Repeat(Dim, Order).ToArray();

    /// <summary>The model's tree name (<see cref="HierarchicalSpec"/>): the code's layers; for reading A (N = 4) the checkerboard tree.</summary>
    public string TreeName => Reading == HtfReading.A ? "checkerboard" : "official-layers";

    [System.Text.Json.Serialization.JsonIgnore]
    public ModeTree Tree => Reading == HtfReading.A ? ModeTree.Checkerboard(Order) : ModeTree.OfficialLayers(Order);
}

/// <summary>
/// The HTF run of HTF-E1 and HTF-E2 (theory.md §6.3): its run key, its simulation and what it records, shared so that
/// both experiments run (and, in a shared work folder, load) the same run. Recorded every logged row: the normalized
/// reconstruction error, the top-K local component norms σ_H^(ν,r) at every interior node, and the top-K singular values
/// of ⟦𝒲_H⟧ for each of <see cref="TrackedMatricizations"/>.
/// </summary>
public static class HtfDynamicsRun
{
    /// <summary>⟦𝒲_H⟧_{0,1} (a tree node) and ⟦𝒲_H⟧_{0,2} (not one): the paper's {1,2} and {1,3} (official plot config, 0-based mode lists).</summary>
    public static IReadOnlyList<int[]> TrackedMatricizations { get; } = [[0, 1], [0, 2]];

    /// <summary>A key naming everything that determines the run, so that different problems never share a stored run.</summary>
    public static string Key(HtfProblem p, DynamicsTraining t, int topK) =>
        $"htf-{p.Reading}{(p.Reading == HtfReading.B ? "-layers" : "")}-N{p.Order}-D{p.Dim}-R{p.Width}-rank{p.TargetRank}-obs{p.Observed}-init={Significant.Text(p.InitStd)}-steps{t.MaxSteps}-top{topK}";

    public static RunJob Job(HtfProblem p, DynamicsTraining t, int topK, int seed) =>
        new(Key(p, t, topK), t.MaxSteps, () => RunSetup.From(new Problem(Spec(p, t, topK, seed))));

    /// <summary>
    /// The simulation: target seed <paramref name="seed"/>, observations seed + 1, θ₀ seed + 2 — the seeds of the MF and TF runs of
    /// HTF-E1, so reading B completes the TF run's target from the TF run's observed entries when the sizes agree.
    /// </summary>
    public static SimulationSpec Spec(HtfProblem p, DynamicsTraining t, int topK, int seed) => new(
        new HierarchicalSpec(p.Dims, p.TreeName, p.Width),
        p.Reading == HtfReading.A ? new HtTarget("checkerboard", p.TargetRank, seed, p.TargetNorm) : new CpTarget(p.TargetRank, seed, p.TargetNorm),
        new MeasurementSpec(MeasurementKind.Completion, p.Observed, seed + 1, LossNormalization.Mean),
        new GaussianInitSpec(p.InitStd, InitScaleConvention.RmcEntryStd, seed + 2, Balanced: false),
        t.Optimizer(),
        t.Run(),
        ["reconstruction-error", $"local-component-norms:{topK}",
            .. TrackedMatricizations.Select(m => $"matricization-singular-values:{topK}:{string.Join(",", m)}")]);

    /// <summary>
    /// The full singular values of ⟦𝒲_H⟧ (at θ = <paramref name="theta"/>, e.g. a run's final θ) and of ⟦𝒲*⟧ with rows
    /// <paramref name="rowModes"/>, descending (the recorded columns keep only the top K).
    /// </summary>
    public static (double[] End, double[] Target) Spectra(HtfProblem p, DynamicsTraining t, int topK, int seed, ReadOnlySpan<double> theta, IReadOnlyCollection<int> rowModes)
    {
        var spec = Spec(p, t, topK, seed);
        var model = spec.Model.Build();
        var end = new double[model.EndShape.Size];
        model.End(theta, end);
        var target = spec.Target.Build(model);
        return (Matricization.SingularValues(model.EndShape, end, rowModes), Matricization.SingularValues(model.EndShape, target, rowModes));
    }

    /// <summary>A mode set in the papers' 1-based notation, "{1,2}" for the code's modes 0, 1 (<see cref="ModeTree"/> is 0-based).</summary>
    public static string PaperLabel(IEnumerable<int> modes) => "{" + string.Join(",", modes.Order().Select(m => m + 1)) + "}";

    /// <summary>Per logged row, the top-K local component norms at interior <paramref name="node"/>, descending.</summary>
    public static List<double[]> LocalComponentNorms(RunRecord run, ModeTree tree, int node, int topK) =>
        run.Rows(QuantityCatalog.LocalComponentColumns(tree, node, topK));

    /// <summary>Per logged row, the top-K singular values of ⟦𝒲_H⟧ with rows <paramref name="rowModes"/>, descending.</summary>
    public static List<double[]> MatricizationSingularValues(RunRecord run, IReadOnlyCollection<int> rowModes, int topK) =>
        run.Rows(QuantityCatalog.MatricizationColumns(rowModes, topK));
}
