using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Cli.Bench;

/// <summary>
/// Gradient-descent steps per second of the Numerics issue's workloads E1–E4, side by side in one run with a
/// straightforward PyTorch CPU float64 implementation of the same step (bench/torch_reference.py, run by
/// Debian's /usr/bin/python3 when python3-torch is installed), both single-threaded. Also bytes allocated per
/// step after warm-up (target 0) and GFLOP/s from the nominal dense flop count of one step.
/// </summary>
public static class SimulationBenchmarks
{
    public sealed record Workload(string Id, string Description, Func<(Objective Objective, double[] Theta)> Build, double NominalFlops);

    public static IReadOnlyList<Workload> Workloads { get; } =
    [
        new("E1", "deep MF completion 100×100, rank 5, 2000 obs, N=3", () => MatrixCompletion(100, 5, 2000, 3), 12e6),
        new("E2", "CP completion order 4, dims 10, R=1000, 2000 obs", () => Tensor(new CpFactorization([10, 10, 10, 10], 1000), 2000), 2 * 1000 * 1e4 * 5),
        new("E3", "HTF completion order 4, dims 8, binary tree, widths 512, 2048 obs",
            () => Tensor(new HierarchicalTensorFactorization(ModeTree.Checkerboard(4), [8, 8, 8, 8], 512), 2048), 3 * (2 * 2 * 64 * 512 * 512.0 + 2 * 64 * 64 * 512)),
        new("E4", "2×2 completion (RC20), N=3", () => TwoByTwo(), 3 * 2 * 2 * 2 * 2 * 2),
    ];

    private static (Objective, double[]) MatrixCompletion(int d, int rank, int observed, int depth)
    {
        var model = DeepMatrixFactorization.Square(depth, d);
        var target = LowRankGroundTruth.Matrix(d, d, rank, 1);
        return Complete(model, target, observed, 1e-2);
    }

    private static (Objective, double[]) Tensor(IFactorization model, int observed)
    {
        var target = new double[model.EndShape.Size];
        new Numerics.Random.Gaussian(1).Fill(target, 1);
        return Complete(model, target, observed, 1e-2);
    }

    private static (Objective, double[]) TwoByTwo()
    {
        var model = DeepMatrixFactorization.Square(3, 2);
        var loss = new CompletionLoss(model.EndShape, [1, 2, 3], [1, 1, 0], LossNormalization.HalfSum);
        return (new Objective(model, loss), GaussianInit.Sample(model, 0.5, 3));
    }

    private static (Objective, double[]) Complete(IFactorization model, double[] target, int observed, double std)
    {
        var split = Observations.Sample(model.EndShape, observed, 2);
        var loss = new CompletionLoss(model.EndShape, split.Train, split.Train.Select(i => target[i]).ToArray(), LossNormalization.Mean);
        return (new Objective(model, loss), GaussianInit.Sample(model, std, 3));
    }

    public static int Run(TextWriter output, bool quick)
    {
        double seconds = quick ? 0.5 : 3;
        bool torch = TorchAvailable();
        output.WriteLine($"GD steps per second, single thread, float64; {(torch ? "PyTorch reference: bench/torch_reference.py" : "PyTorch reference not available (apt-get install python3-torch libopenblas0-pthread)")}");
        output.WriteLine($"{"id",-3}  {"workload",-62}  {"ours steps/s",12}  {"GFLOP/s",8}  {"alloc B/step",12}  {"torch steps/s",13}  {"ours/torch",10}");
        foreach (var w in Workloads)
        {
            var (objective, theta) = w.Build();
            var sim = new Simulation(objective, new GradientDescent(1e-3), theta);
            for (int i = 0; i < 3; i++) sim.Step();
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            const int probe = 5;
            for (int i = 0; i < probe; i++) sim.Step();
            double allocPerStep = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)probe;
            var clock = Stopwatch.StartNew();
            long steps = 0;
            while (clock.Elapsed.TotalSeconds < seconds || steps < 5) { sim.Step(); steps++; }
            double ours = steps / clock.Elapsed.TotalSeconds;
            double? reference = torch ? TorchStepsPerSecond(w.Id, seconds) : null;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{w.Id,-3}  {w.Description,-62}  {ours,12:0.0}  {ours * w.NominalFlops / 1e9,8:0.00}  {allocPerStep,12:0}  {(reference is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "—"),13}  {(reference is { } q ? (ours / q).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—"),10}"));
        }
        output.WriteLine("GFLOP/s counts the nominal dense flops of one step (E2: dense CP einsum; E3: Khatri–Rao products); alloc after 3 warm-up steps.");
        return 0;
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "bench", "torch_reference.py");

    private static bool TorchAvailable()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists(Script)) return false;
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private static double? TorchStepsPerSecond(string id, double seconds)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", [Script, id, "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--threads", "1"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) return null;
        var json = JsonNode.Parse(stdout.Trim().Split('\n')[^1]);
        return json?["steps_per_second"]?.GetValue<double>();
    }
}
