using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// Minibatch objectives over the observed entries (theory.md §7.2 DT-E1's Keras batches): step k's φ_k is the completion
/// loss of exactly its batch, for models with and without the observed-entries path; every epoch visits every observed
/// entry once (or ⌊m/b⌋·b of them with drop-last); a minibatch run stopped at any step and resumed is bit-identical.
/// </summary>
public class MinibatchScheduleProperties
{
    private static (IFactorization Model, CompletionLoss Loss, double[] Theta) Instance(bool observedPath, int observed, int seed)
    {
        IFactorization model = observedPath ? new CpFactorization([3, 4, 2], 3) : new TuckerFactorization([3, 4, 2], [2, 2, 2]);
        var g = new Gaussian(seed);
        var theta = new double[model.Layout.Size];
        g.Fill(theta, 0.7);
        var order = g.Permutation(model.EndShape.Size)[..observed];
        var values = new double[observed];
        g.Fill(values, 1);
        return (model, new CompletionLoss(model.EndShape, order, values, LossNormalization.Mean), theta);
    }

    /// <summary>The batch of step k re-derived from the schedule's definition, as a completion loss of its own.</summary>
    private static CompletionLoss BatchLoss(CompletionLoss loss, MinibatchSchedule schedule, long step)
    {
        int m = loss.MeasurementCount, per = schedule.BatchesPerEpoch(m), b = Math.Min(schedule.BatchSize, m);
        long epoch = (step - 1) / per;
        int j = (int)((step - 1) % per);
        var permutation = new int[m];
        EpochShuffle.Fill(schedule.Seed, epoch, permutation);
        var picked = permutation.Skip(j * b).Take(b).ToArray();
        return new CompletionLoss(loss.Shape, picked.Select(e => loss.Indices[e]).ToArray(), picked.Select(e => loss.Values[e]).ToArray(), loss.Normalization);
    }

    [Property(Replay = Seeds.Replay, MaxTest = 60)]
    public Property StepLossAndGradientAreThoseOfTheStepsBatch() =>
        Prop.ForAll((from observedPath in Gen.Elements(true, false)
                     from batch in Gen.Choose(1, 9)
                     from step in Gen.Choose(1, 40)
                     from dropLast in Gen.Elements(false, true)
                     select (observedPath, batch, step, dropLast)).ToArbitrary(),
            c =>
            {
                var (observedPath, batch, step, dropLast) = c;
                var (model, loss, theta) = Instance(observedPath, 17, batch + 31 * step);
                var schedule = new MinibatchSchedule(batch, 5, dropLast);
                var objective = new Objective(model, loss, schedule);
                var gradient = new double[theta.Length];
                double value = objective.StepValueAndGradient(theta, gradient, step);
                var reference = new Objective(model.Clone(), BatchLoss(loss, schedule, step));
                var expected = new double[theta.Length];
                double expectedValue = reference.ValueAndGradient(theta, expected);
                double scale = expected.Max(Math.Abs) + 1e-300;
                return Math.Abs(value - expectedValue) <= 1e-12 * Math.Abs(expectedValue) && gradient.Zip(expected).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * scale);
            });

    [Theory]
    [InlineData(17, 5, false, 4)]
    [InlineData(17, 5, true, 3)]
    [InlineData(17, 40, false, 1)]
    public void EveryEpochVisitsTheObservedEntriesOnce(int observed, int batch, bool dropLast, int batchesPerEpoch)
    {
        var schedule = new MinibatchSchedule(batch, 9, dropLast);
        var (_, loss, _) = Instance(true, observed, 3);
        Assert.Equal(batchesPerEpoch, schedule.BatchesPerEpoch(observed));
        for (long epoch = 0; epoch < 3; epoch++)
        {
            var seen = Enumerable.Range(1, batchesPerEpoch).SelectMany(j => BatchLoss(loss, schedule, epoch * batchesPerEpoch + j).Indices.ToArray()).ToList();
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal(dropLast ? observed / Math.Min(batch, observed) * Math.Min(batch, observed) : observed, seen.Count);
        }
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 13)]
    [InlineData(true, 57)]
    public void AMinibatchRunStoppedAtAnyStepAndResumedIsBitIdentical(bool observedPath, long stopAt)
    {
        var (model, loss, theta) = Instance(observedPath, 17, 2);
        var schedule = new MinibatchSchedule(4, 7);
        TrainingRun NewRun(IFactorization m) => new(new Simulation(new Objective(m, loss, schedule), new Adam(theta.Length, 0.01), theta), new Recorder(3), new MaxSteps(90));
        var whole = NewRun(model);
        whole.Run();
        var first = new TrainingRun(new Simulation(new Objective(model.Clone(), loss, schedule), new Adam(theta.Length, 0.01), theta), new Recorder(3), new MaxSteps(stopAt));
        first.Run();
        var resumed = TrainingRun.Resume(first.Checkpoint(), new Objective(model.Clone(), loss, schedule), new Adam(theta.Length, 0.01), new Recorder(3), new MaxSteps(90));
        resumed.Run();
        Assert.True(whole.Simulation.Theta.SequenceEqual(resumed.Simulation.Theta), "θ differs after resuming a minibatch run");
        Assert.True(whole.Recorder.Trajectory.Data.SequenceEqual(resumed.Recorder.Trajectory.Data), "the logged rows differ after resuming a minibatch run");
    }

    [Fact]
    public void MinibatchesOfANonCompletionLossAreRefused()
    {
        var model = new CpFactorization([2, 2], 1);
        var sensing = new SensingLoss(model.EndShape, new double[8], new double[2], LossNormalization.Mean);
        var e = Assert.Throws<ArgumentException>(() => new Objective(model, sensing, new MinibatchSchedule(1, 0)));
        Assert.Contains("completion loss", e.Message);
    }
}
