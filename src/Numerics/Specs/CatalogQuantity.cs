using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Specs;

/// <summary>
/// A quantity of the <see cref="QuantityCatalog"/> by its name (<see cref="Spec"/>, e.g. "component-norms:3"), its
/// model and K, evaluated by the catalog's host code; the GPU backend evaluates some of these on the device from the
/// same name (Gpu/QuantityGraphs) and falls back to this object for the others.
/// </summary>
public sealed class CatalogQuantity(string spec, string name, int k, IFactorization model, IQuantity host) : IQuantity
{
    /// <summary>The catalog entry as written, e.g. "singular-values:5".</summary>
    public string Spec { get; } = spec;

    /// <summary>The entry's name without its argument, e.g. "singular-values".</summary>
    public string Name { get; } = name;

    /// <summary>The entry's K (0 when it takes none).</summary>
    public int K { get; } = k;

    public IFactorization Model { get; } = model;

    public IReadOnlyList<string> Columns => host.Columns;

    public void Evaluate(ReadOnlySpan<double> theta, Objective objective, Span<double> values) => host.Evaluate(theta, objective, values);
}
