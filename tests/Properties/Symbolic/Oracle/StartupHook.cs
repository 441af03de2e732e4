using ImplicitReg.Theory.Symbolic;

// Deliberately in the global namespace: the runtime looks for exactly "StartupHook" there.
/// <summary>
/// Runs only when this test assembly is started with DOTNET_STARTUP_HOOKS pointing at itself and
/// IMPLICITREG_CORE_CANARY set ("all" or the index of one construction) (by <see cref="ImplicitReg.Properties.Symbolic.Oracle.CoreCrashGuard"/>); otherwise it does nothing.
/// </summary>
#pragma warning disable CA1050 // the runtime looks for a type named StartupHook in the global namespace
public static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        var which = Environment.GetEnvironmentVariable(ImplicitReg.Properties.Symbolic.Oracle.CoreCrashGuard.CanaryVariable);
        if (string.IsNullOrEmpty(which)) return;
        var all = ImplicitReg.Properties.Symbolic.Oracle.CoreCrashGuard.Constructions().ToList();
        if (which != "all") all = [all[int.Parse(which, System.Globalization.CultureInfo.InvariantCulture)]];
        foreach (var (name, build) in all)
        {
            Console.Out.WriteLine($"building {name}");
            Console.Out.Flush();
            Console.Out.WriteLine($"  = {Infix.Format(build())}");
        }
        Console.Out.WriteLine("canary: all constructions terminated");
        Console.Out.Flush();
        Environment.Exit(0);
    }
}
