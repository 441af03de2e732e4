namespace ImplicitReg.Numerics.Models;

/// <summary>One factor of a model: its name (as in the papers: W1, w_r^n, …), shape and offset in θ.</summary>
public sealed record FactorSlot(string Name, int[] Shape, int Offset)
{
    public int Size { get; } = Shape.Aggregate(1, (a, b) => a * b);
    public Span<double> Of(Span<double> theta) => theta.Slice(Offset, Size);
    public ReadOnlySpan<double> Of(ReadOnlySpan<double> theta) => theta.Slice(Offset, Size);
    public override string ToString() => $"{Name}[{string.Join("×", Shape)}]@{Offset}";
}

/// <summary>
/// The layout of a model's flat parameter vector θ: factors stored one after another, each in C order.
/// Optimizers, integrators, finite differences, .npy files and the GPU path all see θ as one vector.
/// </summary>
public sealed class ParameterLayout
{
    private readonly List<FactorSlot> _slots = [];
    private readonly Dictionary<string, FactorSlot> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<FactorSlot> Factors => _slots;
    public int Size { get; private set; }

    public FactorSlot Add(string name, params int[] shape)
    {
        if (shape.Any(d => d <= 0)) throw new ArgumentException($"Factor {name} has a non-positive dimension [{string.Join(", ", shape)}].");
        var slot = new FactorSlot(name, (int[])shape.Clone(), Size);
        if (!_byName.TryAdd(name, slot)) throw new ArgumentException($"Factor name {name} is used twice.");
        _slots.Add(slot);
        Size += slot.Size;
        return slot;
    }

    public FactorSlot this[string name] =>
        _byName.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"No factor named {name} (have: {string.Join(", ", _slots.Select(x => x.Name))}).");
}
