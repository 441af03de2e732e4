using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// CP tensor factorization 𝒲_e = Σ_{r=1}^R w_r^1 ⊗ ⋯ ⊗ w_r^N, w_r^n ∈ ℝ^{D_n} (RMC21; theory.md §5.1), any order
/// N ≥ 1; end shape [D_1, …, D_N] in C order.
/// θ layout: factor matrices W1 … WN one after another (W1 first), Wn ∈ ℝ^{R×D_n} row-major with row r = w_r^n.
/// Indices in this API are 0-based: component r ∈ [0, R), mode n ∈ [0, N) (factor named W{n+1}).
/// Gradient (theory.md §5.1 GF): ∂⟨G, 𝒲_e⟩/∂w_r^n = G contracted with w_r^{n'} in every mode n' ≠ n.
/// End, Backward, EndAt and BackwardAt are one code, <see cref="CpEntryKernel"/>: the dense calls run it over every
/// entry in C order, the observed-entries calls over the listed entries only (the loss gradient is zero elsewhere).
/// </summary>
public sealed class CpFactorization : IFactorization, IObservedEntries
{
    private readonly int[] _dims;
    private readonly FactorSlot[] _slots;
    private readonly int[] _offsets;   // θ offset of Wn (FactorSlot.Of recomputes the size on every call)
    private readonly CpEntryKernel _kernel;

    /// <param name="dims">D_1 … D_N (N ≥ 1).</param>
    /// <param name="rank">R ≥ 1, the number of components.</param>
    public CpFactorization(int[] dims, int rank)
    {
        if (dims.Length == 0) throw new ArgumentException("A CP factorization needs at least one mode.", nameof(dims));
        if (dims.Any(d => d <= 0)) throw new ArgumentException($"Mode sizes must be positive: [{string.Join(", ", dims)}].", nameof(dims));
        if (rank <= 0) throw new ArgumentException($"The rank must be positive, got {rank}.", nameof(rank));
        _dims = (int[])dims.Clone();
        Rank = rank;
        EndShape = new TensorShape(_dims);
        Layout = new ParameterLayout();
        _slots = new FactorSlot[Order];
        for (int n = 0; n < Order; n++) _slots[n] = Layout.Add($"W{n + 1}", rank, _dims[n]);
        _offsets = _slots.Select(s => s.Offset).ToArray();
        _kernel = new CpEntryKernel(_dims, rank, _offsets);
    }

    public int Order => _dims.Length;
    public int Rank { get; }
    public IReadOnlyList<int> Dims => _dims;
    public string Name => $"CP N={Order} R={Rank} [{string.Join("×", _dims)}]";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape { get; }

    /// <summary>Factor matrix W{n+1} (R × D_n, row r = w_r^n) of mode n.</summary>
    public ReadOnlySpan<double> ModeFactor(ReadOnlySpan<double> theta, int n) => _slots[n].Of(theta);
    public Span<double> ModeFactor(Span<double> theta, int n) => _slots[n].Of(theta);

    /// <summary>w_r^n.</summary>
    public ReadOnlySpan<double> Vector(ReadOnlySpan<double> theta, int r, int n)
    {
        if ((uint)r >= (uint)Rank) throw new ArgumentOutOfRangeException(nameof(r), $"Component {r} of a rank-{Rank} CP factorization.");
        return theta.Slice(_offsets[n] + r * _dims[n], _dims[n]);
    }

    public Span<double> Vector(Span<double> theta, int r, int n)
    {
        if ((uint)r >= (uint)Rank) throw new ArgumentOutOfRangeException(nameof(r), $"Component {r} of a rank-{Rank} CP factorization.");
        return theta.Slice(_offsets[n] + r * _dims[n], _dims[n]);
    }

    public void End(ReadOnlySpan<double> theta, Span<double> end) => _kernel.Forward(theta, [], all: true, end[..EndShape.Size]);

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient) =>
        _kernel.Backward(theta, [], all: true, endGradient[..EndShape.Size], gradient);

    public void EndAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, Span<double> values) =>
        _kernel.Forward(theta, linearIndices, all: false, values);

    public void BackwardAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, ReadOnlySpan<double> entryGradients, Span<double> gradient) =>
        _kernel.Backward(theta, linearIndices, all: false, entryGradients, gradient);

    public IFactorization Clone() => new CpFactorization(_dims, Rank);
}
