namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// Reverse-mode differentiation of a forward op list (theory.md §1: ∇φ(θ) = Backward(θ, ∇ℒ(𝒲(θ))), here for the whole
/// program θ → ℒ at once). Seeds dℒ = 1 at the loss op, then visits the forward ops in reverse; an op whose output has an
/// adjoint emits its adjoint rule (<see cref="DeviceOp.EmitAdjoint"/>). The adjoint of a θ view is the same block of the
/// <see cref="Segment.Gradient"/> segment; other adjoints are allocated in <see cref="Segment.Adjoints"/>. The first
/// contribution to an adjoint overwrites it and later ones add (in the fixed reverse order, so deterministically); θ
/// factors that no op reaches get an explicit zero, so the whole of ∇φ is written every evaluation.
/// </summary>
public sealed class ReverseMode
{
    private readonly ProgramBuilder _builder;
    private readonly HashSet<(Segment, int)> _dependsOnTheta = [];
    private readonly Dictionary<(Segment, int, int), DeviceTensor> _adjoints = [];
    private readonly HashSet<(Segment, int, int)> _written = [];
    private readonly List<DeviceOp> _backward = [];

    private ReverseMode(ProgramBuilder builder) => _builder = builder;

    /// <summary>The backward ops of <paramref name="forward"/> (which ends with <paramref name="loss"/>), and zero ops for unreached θ regions.</summary>
    public static IReadOnlyList<DeviceOp> Derive(ProgramBuilder builder, IReadOnlyList<DeviceOp> forward, SquaredErrorOp loss, IEnumerable<(int Offset, int Size)> thetaFactors)
    {
        var reverse = new ReverseMode(builder);
        foreach (var op in forward)
            if (op.Inputs.Any(reverse.NeedsAdjoint)) reverse._dependsOnTheta.Add((op.Output.Segment, op.Output.Offset));
        loss.EmitAdjoint(reverse);
        for (int i = forward.Count - 1; i >= 0; i--)
        {
            var op = forward[i];
            if (ReferenceEquals(op, loss) || !reverse.HasAdjoint(op.Output)) continue;
            op.EmitAdjoint(reverse);
        }
        foreach (var (offset, size) in thetaFactors)
        {
            if (reverse._written.Contains((Segment.Theta, offset, size))) continue;
            if (reverse._written.Any(k => k.Item1 == Segment.Theta && k.Item2 < offset + size && offset < k.Item2 + k.Item3))
                throw new InvalidOperationException($"The factor at θ[{offset}, {offset + size}) is viewed in part only; the program builder must view each factor whole.");
            reverse._backward.Add(new ZeroOp(new DeviceTensor(Segment.Gradient, offset, size, 1)));
        }
        return reverse._backward;
    }

    /// <summary>Whether <paramref name="t"/> depends on θ (θ views and the outputs of ops with θ-dependent inputs).</summary>
    public bool NeedsAdjoint(DeviceTensor t) => t.Segment == Segment.Theta || _dependsOnTheta.Contains((t.Segment, t.Offset));

    private bool HasAdjoint(DeviceTensor t) => _written.Contains(Key(t));

    private static (Segment, int, int) Key(DeviceTensor t) => (t.Segment, t.Offset, t.Size);

    /// <summary>The adjoint of an op's output (already written by the ops after it).</summary>
    public DeviceTensor Adjoint(DeviceTensor t) =>
        HasAdjoint(t) ? _adjoints[Key(t)].Reshape(t.Rows, t.Columns) : throw new InvalidOperationException($"The adjoint of {t} is read before any op wrote it.");

    /// <summary>Where an adjoint rule writes its contribution to the adjoint of <paramref name="t"/>, and whether it adds to earlier ones.</summary>
    public (DeviceTensor Adjoint, bool Accumulate) Target(DeviceTensor t)
    {
        var key = Key(t);
        if (!_adjoints.TryGetValue(key, out var adjoint))
        {
            if (t.Segment == Segment.Theta)
            {
                foreach (var (segment, offset, size) in _adjoints.Keys)
                    if (segment == Segment.Theta && offset < t.Offset + t.Size && t.Offset < offset + size)
                        throw new InvalidOperationException($"θ views {t} and [{offset}, {offset + size}) overlap without being equal; the program builder must view each factor whole.");
                adjoint = t with { Segment = Segment.Gradient };
            }
            else if (t.Segment == Segment.Values) adjoint = _builder.AllocateIn(Segment.Adjoints, t.Rows, t.Columns);
            else throw new InvalidOperationException($"{t} does not depend on θ and has no adjoint.");
            _adjoints[key] = adjoint;
        }
        bool accumulate = !_written.Add(key);
        return (adjoint.Reshape(t.Rows, t.Columns), accumulate);
    }

    public void Emit(DeviceOp op) => _backward.Add(op);
}
