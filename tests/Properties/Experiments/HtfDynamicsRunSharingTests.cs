using System.Collections.Concurrent;
using ImplicitReg.Numerics.Experiments;
using ImplicitReg.Numerics.Experiments.HierarchicalTensorFactorization;

namespace ImplicitReg.Properties.Experiments;

/// <summary>
/// HTF-E1 and HTF-E2 (theory.md §6.3) share their HTF run (reading A): at each scale and seed they configure the same
/// problem, training and recorded quantities, so in a shared work folder the run HTF-E1 finished is loaded by HTF-E2,
/// not computed again.
/// </summary>
public sealed class HtfDynamicsRunSharingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-htf-share-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Recording : IExperimentProgress
    {
        public ConcurrentBag<(string Key, bool Done)> Plan { get; } = [];
        public ConcurrentBag<string> Reported { get; } = [];
        public void Planned(string stage, IReadOnlyList<(string Key, long MaxSteps, bool Done)> runs)
        {
            foreach (var r in runs) Plan.Add((r.Key, r.Done));
        }
        public void Report(string key, long iteration, double loss) => Reported.Add(key);
        public void Finished(string key, string message) { }
        public void Note(string message) { }
    }

    [Theory]
    [InlineData(ExperimentScale.Quick, 1)]
    [InlineData(ExperimentScale.Full, 7)]
    public void HtfE1AndHtfE2ConfigureTheSameReadingARun(ExperimentScale scale, int seed)
    {
        var e1 = new HtfE1_MfTfHtfDynamics().Configure(scale, seed);
        var e2 = new HtfE2_LocalComponentsAndMatricizations().Configure(scale, seed);
        Assert.Equal(HtfReading.A, e1.HtfA.Reading);
        Assert.Equal(e1.HtfA, e2.Htf);
        Assert.Equal(e1.Training, e2.Training);
        Assert.Equal(e1.TopK, e2.TopK);
        Assert.Equal(e1.Seed, e2.Seed);
    }

    [Fact]
    public void HtfE2LoadsTheReadingARunHtfE1LeftInTheWorkFolder()
    {
        // Tiny problems (the test is about the work folder; the configurations agree by the test above).
        var readingA = new HtfProblem(HtfReading.A, 4, 2, 2, 1, 10, 2, 1e-1);
        var e1 = new HtfE1_MfTfHtfDynamics();
        var c1 = e1.Configure(ExperimentScale.Quick, 1) with
        {
            Mf = new HtfE1_MfTfHtfDynamics.MfProblem(4, 2, 4, 1, 8, 2, 1e-1),
            Tf = new HtfE1_MfTfHtfDynamics.TfProblem(2, 3, 3, 1, 5, 2, 1e-1),
            HtfA = readingA,
            HtfB = new HtfProblem(HtfReading.B, 3, 2, 2, 1, 5, 2, 1e-1),
        };
        var first = new Recording();
        var outcome1 = e1.Run(c1, new ExperimentContext(_dir, new ManagedRunExecutor(2), first));
        string key = HtfDynamicsRun.Key(c1.HtfA, c1.Training, c1.TopK);
        Assert.Contains((key, false), first.Plan);
        Assert.Contains(key, first.Reported);

        var e2 = new HtfE2_LocalComponentsAndMatricizations();
        var second = new Recording();
        var outcome2 = e2.Run(e2.Configure(ExperimentScale.Quick, 1) with { Htf = readingA }, new ExperimentContext(_dir, new ManagedRunExecutor(2), second));
        Assert.Equal([(key, true)], second.Plan.ToArray());
        Assert.Empty(second.Reported);
        var reading = outcome1.Summary["models"]!.AsArray().Single(m => (string?)m!["run"] == key)!;
        Assert.Equal((long)reading["iterations"]!, (long)outcome2.Summary["iterations"]!);
        Assert.Equal((double)reading["final_reconstruction_error"]!, (double)outcome2.Summary["final_reconstruction_error"]!);
    }
}
