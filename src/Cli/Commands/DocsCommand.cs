using System.CommandLine;
using ImplicitReg.Cli.Verification;

namespace ImplicitReg.Cli.Commands;

/// <summary>`implicitreg docs [--out docs]`: regenerate the derivation documents (committed; a test checks freshness).</summary>
public static class DocsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder to write into.", DefaultValueFactory = _ => "docs" };
        var cmd = new Command("docs", "Generate docs/: an index and one derivation page per claim.") { output };
        cmd.SetAction(p =>
        {
            var files = ClaimDocs.Generate();
            ClaimDocs.Write(p.GetValue(output)!, files);
            Console.WriteLine($"wrote {files.Count} files under {p.GetValue(output)}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
