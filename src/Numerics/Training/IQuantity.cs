using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// A measured quantity of the iterate (theory.md §1.1, §1.2: losses, norms, conserved quantities …) with one or
/// more named columns. <see cref="Evaluate"/> writes Columns.Count values and should not allocate.
/// </summary>
public interface IQuantity
{
    IReadOnlyList<string> Columns { get; }

    void Evaluate(ReadOnlySpan<double> theta, Objective objective, Span<double> values);
}
