namespace ImplicitReg.Cli.Bench;

// Placeholder replaced by the polynomial branch (helper-poly).
public static class SymbolicBenchmarks
{
    public static int Run(TextWriter output, bool quick) => 0;
}
