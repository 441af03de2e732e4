using System.CommandLine;

namespace ImplicitReg.Cli.Commands;

/// <summary>`implicitreg bench`: speed figures as a printed table (never timed unit tests).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions (for a smoke run)." };
        var cmd = new Command("bench", "Benchmarks of the symbolic core (TF-C1 identity expansion and zero test).") { quick };
        cmd.SetAction(p => Bench.SymbolicBenchmarks.Run(Console.Out, p.GetValue(quick)));
        return cmd;
    }
}
