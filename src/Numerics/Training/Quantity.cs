using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>A single-column quantity given by a function of θ and the objective.</summary>
public sealed class Quantity(string name, Func<ReadOnlySpan<double>, Objective, double> function) : IQuantity
{
    private readonly string[] _columns = [name];

    public IReadOnlyList<string> Columns => _columns;

    public void Evaluate(ReadOnlySpan<double> theta, Objective objective, Span<double> values) => values[0] = function(theta, objective);
}
