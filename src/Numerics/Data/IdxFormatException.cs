namespace ImplicitReg.Numerics.Data;

/// <summary>An IDX file that cannot be read as asked: the message names the file and what is wrong.</summary>
public sealed class IdxFormatException(string path, string problem) : IOException($"{path}: {problem}")
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}
