using System.CommandLine;
using System.CommandLine.Invocation;

namespace ImplicitReg.Cli;

/// <summary>Exit codes: 0 success, 1 a check failed, 2 bad input (usage, parse or domain error).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;
}

/// <summary>An error in what the user typed: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

public static class CliRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var message in parse.Errors.Select(e => e.Message).Distinct()) Console.Error.WriteLine($"error: {message}");
            Console.Error.WriteLine($"(see '{Usage(parse)} --help')");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static string Usage(ParseResult parse)
    {
        var names = new List<string>();
        for (var c = parse.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Command.Name);
        names[0] = "implicitreg";
        return string.Join(' ', names);
    }
}
