namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// An experiment asked to draw only from finished output (<see cref="ExperimentContext.FinishedOnly"/>, <c>reproduce
/// --redraw</c>) needs runs its folder does not hold finished.
/// </summary>
public sealed class UnfinishedRunException(string directory, IReadOnlyList<string> keys)
    : Exception($"{directory} does not hold {keys.Count} finished run{(keys.Count == 1 ? "" : "s")} this configuration needs " +
                $"({string.Join(", ", keys.Take(5))}{(keys.Count > 5 ? ", …" : "")}).")
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
