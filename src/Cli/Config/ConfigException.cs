namespace ImplicitReg.Cli.Config;

/// <summary>A configuration error: the field's path (e.g. <c>model.widths[2]</c>) and what is wrong with it.</summary>
public sealed class ConfigException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}
