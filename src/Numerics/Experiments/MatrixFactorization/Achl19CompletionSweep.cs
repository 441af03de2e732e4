using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments.MatrixFactorization;

/// <summary>One run of <see cref="Achl19CompletionSweep"/>: observed entries m, depth N, GroupRMSprop lr and ACHL19 init_scale.</summary>
public sealed record Achl19CompletionRun(int Observed, int Depth, double LearningRate, double InitScale)
{
    /// <summary>The run key, e.g. "m=2000.N=3.lr=1e-3.init=1e-5" (MF-E1 and MF-E2 name the same run alike).</summary>
    public string Key => $"m={Observed}.N={Depth}.lr={Significant.Text(LearningRate)}.init={Significant.Text(InitScale)}";
}

/// <summary>
/// The sweep behind ACHL19 Figs. 1 and 2 (theory.md §3.2; README run.rb): completion of an n×n rank-r W* from m observed
/// entries by depth-N factorizations, ACHL19 "gaussian" init of each init_scale, GroupRMSprop (α, ε = 1e-4) at each lr,
/// mean loss, until the train loss is ≤ the threshold (checked every step, as main.py's train_thres) or the step budget.
/// MF-E1 (error vs init scale) runs all of it; MF-E2 (nuclear norm and effective rank at lr 1e-3) reads the same runs
/// by the same <see cref="Achl19CompletionRun.Key"/> and builds them with the same <see cref="Job"/>.
/// </summary>
/// <param name="LogEvery">Rows of loss and ACHL19 reconstruction error logged every this many steps (the result is θ at the stop).</param>
public sealed record Achl19CompletionSweep(int Size, int Rank, int[] Observations, int[] Depths, double[] LearningRates, double[] InitScales,
    double RmsAlpha, double RmsEpsilon, double LossThreshold, long MaxSteps, int LogEvery, int Seed)
{
    /// <summary>Every run, observations outermost, then depth, learning rate and init scale.</summary>
    public IReadOnlyList<Achl19CompletionRun> Runs =>
        [.. from m in Observations from n in Depths from lr in LearningRates from init in InitScales select new Achl19CompletionRun(m, n, lr, init)];

    public SimulationSpec Spec(Achl19CompletionRun run) => Achl19Completion.Spec(Size, Rank, run.Observed, run.Depth,
        Achl19Completion.GaussianInit(run.InitScale, Seed),
        new GroupRmsPropSpec(run.LearningRate, RmsAlpha, RmsEpsilon),
        new RunSpec(MaxSteps, LogEvery, LossThreshold: null, Patience: 1, DivergenceFactor: 1e6),
        ["reconstruction-mse"], Seed);

    public RunJob Job(Achl19CompletionRun run) =>
        new(run.Key, MaxSteps, () => RunSetup.From(new Problem(Spec(run)), new LossReaches(LossThreshold)));

    public IReadOnlyList<RunJob> Jobs(IEnumerable<Achl19CompletionRun> runs) => [.. runs.Select(Job)];

    /// <summary>W*, the same for every run.</summary>
    public double[] Target() => LowRankGroundTruth.Matrix(Size, Size, Rank, Seed, Size);

    /// <summary>The end matrix W_N⋯W_1 at the run's last iterate (n×n, row-major).</summary>
    public double[] FinalEnd(Achl19CompletionRun run, RunRecord record)
    {
        var end = new double[Size * Size];
        DeepMatrixFactorization.Square(run.Depth, Size).End(record.FinalTheta, end);
        return end;
    }

    /// <summary>ACHL19's "reconst error" of the run's last iterate: mean over all n² entries of (W* − W)² (theory.md §1.1).</summary>
    public double ReconstructionError(Achl19CompletionRun run, RunRecord record, double[] target) =>
        Quantities.ReconstructionError.MeanSquared(FinalEnd(run, record), target);
}
