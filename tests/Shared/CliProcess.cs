using System.Diagnostics;

namespace ImplicitReg.TestSupport;

/// <summary>
/// Runs the `implicitreg` CLI as a separate process from its own build output (src/Cli/bin/CONFIG/net10.0/linux-x64,
/// where SkiaSharp's native library sits beside it), in the test assembly's configuration. Shared by the test projects
/// (linked source).
/// </summary>
public static class CliProcess
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImplicitReg.sln"))) return dir.FullName;
        throw new InvalidOperationException("ImplicitReg.sln not found above the test's output folder.");
    }

    /// <summary>bin/CONFIG/net10.0/ of the test assembly → the CLI's bin/CONFIG/net10.0/linux-x64/implicitreg.dll.</summary>
    public static string Dll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(RepositoryRoot(), "src", "Cli", "bin", configuration, "net10.0", "linux-x64", "implicitreg.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"the CLI is not built at {dll}", dll);
        }
    }

    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
