using System.Diagnostics;
using System.Globalization;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Cli.Bench;

/// <summary>
/// The batched workload of the GPU issue: 1024 independent CP completion problems (order 3, dims 8, R = 8, 256 observed
/// entries each, own target, Ω and θ₀, GD), stepped by the managed path (one <see cref="Simulation"/> per problem, one
/// thread and all cores) and by the device backend (<see cref="BatchSimulation"/>, one launch for all steps) on the ILGPU
/// CPU accelerator and on CUDA when present; simulations per second (of the fixed step count) and steps per second,
/// measured side by side in one run after a warm-up, with ratios to the managed single-thread path.
/// </summary>
public static class GpuBenchmarks
{
    public const int Problems = 1024, Order = 3, Dim = 8, Rank = 8, Observed = 256;
    public const double LearningRate = 0.05, InitStd = 0.3;

    private sealed record Case(CpFactorization Model, CompletionLoss Loss, double[] Theta0);

    private static Case[] Build()
    {
        var dims = Enumerable.Repeat(Dim, Order).ToArray();
        return Enumerable.Range(0, Problems).Select(b =>
        {
            var model = new CpFactorization(dims, Rank);
            var target = GroundTruth.CpTensor(dims, 2, 1000 + b, 1);
            var split = Observations.Sample(model.EndShape, Observed, 2000 + b);
            var loss = new CompletionLoss(model.EndShape, split.Train, split.Train.Select(i => target[i]).ToArray(), LossNormalization.Mean);
            return new Case(model, loss, GaussianInit.Sample(model, InitStd, 3000 + b));
        }).ToArray();
    }

    private sealed record Row(string Path, string Device, double Seconds, long Steps)
    {
        public double SimulationsPerSecond(int stepsPerSimulation) => Steps / (double)stepsPerSimulation / Seconds;
        public double StepsPerSecond => Steps / Seconds;
    }

    public static int Run(TextWriter output, bool quick)
    {
        int steps = quick ? 10 : 100;
        var cases = Build();
        var rows = new List<Row>
        {
            Managed(cases, steps, threads: 1),
            Managed(cases, steps, threads: Environment.ProcessorCount),
        };
        using (var cpu = ComputeDevice.Open(DeviceKind.Cpu))
        {
            rows.Add(OnDevice(cpu, cases, steps, Precision.Float64));
            rows.Add(OnDevice(cpu, cases, steps, Precision.Float32));
        }
        using (var gpu = ComputeDevice.Open(DeviceKind.Auto))
        {
            if (gpu.IsCuda)
            {
                rows.Add(OnDevice(gpu, cases, steps, Precision.Float64));
                rows.Add(OnDevice(gpu, cases, steps, Precision.Float32));
            }
            else rows.Add(new Row("device batch (CUDA)", "no CUDA device here", double.NaN, 0));
        }
        output.WriteLine($"{Problems} CP completion problems (order {Order}, dims {Dim}, R = {Rank}, {Observed} observed each, GD lr {LearningRate}), {steps} steps each; " +
                         $"{Environment.ProcessorCount} cores");
        output.WriteLine($"{"path",-34}  {"device",-62}  {"sims/s",10}  {"steps/s",12}  {"vs managed 1 thread",20}");
        double reference = rows[0].StepsPerSecond;
        foreach (var r in rows)
            output.WriteLine(double.IsNaN(r.Seconds)
                ? $"{r.Path,-34}  {r.Device,-62}  {"—",10}  {"—",12}  {"—",20}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{r.Path,-34}  {r.Device,-62}  {r.SimulationsPerSecond(steps),10:0.0}  {r.StepsPerSecond,12:0}  {r.StepsPerSecond / reference,19:0.00}×"));
        output.WriteLine("sims/s: simulations of the fixed step count per second; steps/s: problem-steps per second. Device rows exclude the one-time kernel compile and upload.");
        return 0;
    }

    private static Row Managed(Case[] cases, int steps, int threads)
    {
        var sims = cases.Select(c => new Simulation(new Objective(c.Model, c.Loss), new GradientDescent(LearningRate), c.Theta0)).ToArray();
        foreach (var s in sims) s.Step();   // warm-up
        var clock = Stopwatch.StartNew();
        Parallel.For(0, sims.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            for (int k = 0; k < steps; k++) sims[b].Step();
        });
        return new Row(threads == 1 ? "managed, 1 thread" : $"managed, {threads} threads (Parallel.For)", "CpFactorization + Objective + Simulation",
            clock.Elapsed.TotalSeconds, (long)steps * cases.Length);
    }

    private static Row OnDevice(ComputeDevice device, Case[] cases, int steps, Precision precision)
    {
        var program = DeviceProgram.For(cases[0].Model, cases[0].Loss, []);
        using var batch = new BatchSimulation(device, program, cases.Select(c => new BatchMember(c.Loss, c.Theta0, new GradientDescent(LearningRate))).ToArray(), precision);
        batch.Step(1);   // warm-up (kernel compiled and data uploaded above)
        var clock = Stopwatch.StartNew();
        batch.Step(steps);
        return new Row($"device batch, {(precision == Precision.Float64 ? "float64" : "float32")}", device.Description, clock.Elapsed.TotalSeconds, (long)steps * cases.Length);
    }
}
