using System.CommandLine;
using ImplicitReg.Cli.Commands;

namespace ImplicitReg.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("ImplicitReg: symbolic and numeric verification of the theory of implicit regularization " +
                                   "in matrix, tensor and hierarchical tensor factorization.")
        {
            VerifyCommand.Create(),
            DocsCommand.Create(),
            SymCommand.Create(),
            SelfCheckCommand.Create(),
            BenchCommand.Create(),
            SimulateCommand.Create(),
            GradcheckCommand.Create(),
            ReproduceCommand.Create(),
        };
        return CliRunner.Run(root, args);
    }
}
