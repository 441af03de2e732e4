using ImplicitReg.Numerics.Experiments;
using ImplicitReg.Numerics.Experiments.MatrixFactorization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Experiments;

/// <summary>
/// ACHL19's completion setting as MF-E1 (and MF-E2) build it (theory.md §3.2): the ground truth, the observations, the
/// "gaussian" init's product scale, the per-step train-loss threshold, and run keys that name each run once.
/// </summary>
public class Achl19CompletionTests
{
    private static readonly Achl19CompletionSweep Full = new MfE1_ErrorVsInitScale().Configure(ExperimentScale.Full, 1);

    [Fact]
    public void GroundTruthIsRankFiveWithFrobeniusNormNAndTheObservationsAreMDistinctEntriesUnderTheMeanLoss()
    {
        var run = new Achl19CompletionRun(2000, 3, 1e-3, 1e-4);
        var problem = new Problem(Full.Spec(run));
        var sigma = MatrixSpectrum.SingularValues(problem.Target, 100, 100);
        Assert.Equal(100, Math.Sqrt(problem.Target.Sum(x => x * x)), 9);
        Assert.True(sigma[4] > 1 && sigma[5] < 1e-10, $"σ₅ = {sigma[4]}, σ₆ = {sigma[5]}");
        Assert.Equal(problem.Target, Full.Target());
        var loss = Assert.IsType<CompletionLoss>(problem.Loss);
        Assert.Equal(2000, loss.MeasurementCount);
        Assert.Equal(LossNormalization.Mean, loss.Normalization);
        Assert.Equal(2000, loss.Indices.ToArray().Distinct().Count());
        // gen_obs.py asserts 0.8 ≤ RMS(y) ≤ 1.2 for the observed values.
        double rms = Math.Sqrt(loss.Values.ToArray().Average(y => y * y));
        Assert.InRange(rms, 0.8, 1.2);
        // The 2000 observed entries lie inside the 5000 (one permutation's prefixes).
        var larger = Assert.IsType<CompletionLoss>(new Problem(Full.Spec(run with { Observed = 5000 })).Loss);
        Assert.Subset(larger.Indices.ToArray().ToHashSet(), loss.Indices.ToArray().ToHashSet());
    }

    [Theory]
    [InlineData(2, 1e-3)]
    [InlineData(3, 1e-4)]
    [InlineData(4, 1e-6)]
    public void GaussianInitGivesAnEndMatrixOfFrobeniusNormInitScaleTimesRootNWithinTwentyPercent(int depth, double initScale)
    {
        // main.py init_model asserts 0.8 ≤ ‖W_e(0)‖_F / (init_scale·√n) ≤ 1.2.
        var run = new Achl19CompletionRun(2000, depth, 1e-3, initScale);
        var problem = new Problem(Full.Spec(run));
        var end = new double[100 * 100];
        problem.Model.End(problem.InitialTheta, end);
        double ratio = Math.Sqrt(end.Sum(x => x * x)) / (initScale * 10);
        Assert.InRange(ratio, 0.8, 1.2);
    }

    [Fact]
    public void EveryRunHasItsOwnKeyAndTheKeysReadAsTheRunsSettings()
    {
        var keys = Full.Runs.Select(r => r.Key).ToList();
        Assert.Equal(2 * 3 * 2 * 4, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Contains("m=2000.N=3.lr=1e-3.init=1e-5", keys);
        Assert.Contains("m=5000.N=4.lr=3e-4.init=1e-6", keys);
        Assert.All(Full.Jobs(Full.Runs), j => Assert.Equal(1_000_000, j.MaxSteps));
    }

    [Fact]
    public void ARunStopsAtTheFirstStepWhoseTrainLossIsAtMostTheThreshold()
    {
        // A small instance of the sweep with a loose threshold: the run stops at the first iterate with loss ≤ 1e-2,
        // and the last iterate's end matrix and error are read from θ.
        var sweep = Full with { Size = 12, Rank = 2, Observations = [100], Depths = [2], LearningRates = [1e-2], InitScales = [1e-3], LossThreshold = 1e-2, MaxSteps = 50_000, LogEvery = 1000 };
        var run = sweep.Runs.Single();
        var setup = sweep.Job(run).Build();
        var training = setup.NewRun();
        var result = training.Run();
        Assert.Equal(StopReason.Converged, result.Reason);
        Assert.IsType<LossReaches>(result.Rule);
        Assert.True(result.Loss <= 1e-2, result.Message);

        var replay = new Simulation(setup.Objective, setup.NewOptimizer(), setup.InitialTheta);
        while (replay.Iteration < result.Iteration - 1) replay.Step();
        Assert.True(replay.Loss > 1e-2, $"the loss was already ≤ 1e-2 at k = {replay.Iteration}");

        var record = RunRecord.From(run.Key, training, result);
        var end = sweep.FinalEnd(run, record);
        var expected = new double[end.Length];
        DeepMatrixFactorization.Square(2, 12).End(training.Simulation.Theta, expected);
        Assert.Equal(expected, end);
        Assert.Equal(ReconstructionError.MeanSquared(end, sweep.Target()), sweep.ReconstructionError(run, record, sweep.Target()));
    }
}
