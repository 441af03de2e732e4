using System.CommandLine;

namespace ImplicitReg.Cli.Commands;

/// <summary>`implicitreg bench`: speed figures as a printed table (never timed unit tests).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions (for a smoke run)." };
        var suite = new Option<string>("--suite") { Description = "Which benchmarks: symbolic, numerics, baselines, gpu or all.", DefaultValueFactory = _ => "all" };
        suite.AcceptOnlyFromAmong("symbolic", "numerics", "baselines", "gpu", "all");
        var cmd = new Command("bench", "Benchmarks: the symbolic core (TF-C1 expansion and zero test), GD steps of E1–E4 against PyTorch, the baselines (MF-E2 nuclear norm, NN-E2 CP rank), and 1024 batched CP problems on the ILGPU backend vs the managed path.") { quick, suite };
        cmd.SetAction(p =>
        {
            var which = p.GetValue(suite);
            int rc = 0;
            if (which is "symbolic" or "all") rc |= Bench.SymbolicBenchmarks.Run(Console.Out, p.GetValue(quick));
            if (which == "all") Console.WriteLine();
            if (which is "numerics" or "all") rc |= Bench.SimulationBenchmarks.Run(Console.Out, p.GetValue(quick));
            if (which == "all") Console.WriteLine();
            if (which is "baselines" or "all") rc |= Bench.BaselineBenchmarks.Run(Console.Out, p.GetValue(quick));
            if (which == "all") Console.WriteLine();
            if (which is "gpu" or "all") rc |= Bench.GpuBenchmarks.Run(Console.Out, p.GetValue(quick));
            return rc;
        });
        return cmd;
    }
}
