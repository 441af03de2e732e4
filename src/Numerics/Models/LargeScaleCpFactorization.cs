namespace ImplicitReg.Numerics.Models;

/// <summary>
/// A CP factorization 𝒲_e = Σ_{r=1}^R w_r^1 ⊗ ⋯ ⊗ w_r^N too large to form, evaluated at sample multi-indices: the
/// prediction view of theory.md §5.1, f(x) = Σ_r Π_n w_r^n[x_n] = ⟨𝒲_e, ⊗_n e_{x_n}⟩ (the official code's
/// LargeScaleTensorCPFactorization; §8.1 H: binarized MNIST is an order-784 tensor with D = 2, TF-E3).
/// θ layout as <see cref="CpFactorization"/>: W1 … WN, Wn ∈ ℝ^{R×D_n} row-major with row r = w_r^n, so a θ of one
/// is a θ of the other. Samples are rows of an m × N byte matrix (x[n] &lt; D_n ≤ 256), the compact storage of
/// binary images (784 bytes each). Predict and Backward are <see cref="CpEntryKernel"/>'s walk, the code of
/// <see cref="CpFactorization"/>'s End / Backward / EndAt / BackwardAt: there is one CP gradient. Samples listed in
/// lexicographic order of their multi-indices share the products of their common leading factors.
/// Owns its scratch: allocation-free once warm, not thread-safe.
/// </summary>
public sealed class LargeScaleCpFactorization
{
    private readonly int[] _dims;
    private readonly FactorSlot[] _slots;
    private readonly CpEntryKernel _kernel;

    /// <param name="dims">D_1 … D_N (N ≥ 1, 1 ≤ D_n ≤ 256).</param>
    /// <param name="rank">R ≥ 1, the number of components.</param>
    public LargeScaleCpFactorization(int[] dims, int rank) : this(dims, rank, null) { }

    /// <param name="walk">Force a walk of the kernel (tests compare them); null chooses (entry lanes when every D_n ≤ 4).</param>
    internal LargeScaleCpFactorization(int[] dims, int rank, CpWalk? walk)
    {
        if (dims.Length == 0) throw new ArgumentException("A CP factorization needs at least one mode.", nameof(dims));
        for (int n = 0; n < dims.Length; n++)
            if (dims[n] is < 1 or > 256) throw new ArgumentException($"Mode {n} has size {dims[n]}; byte multi-indices need 1 ≤ D_n ≤ 256.", nameof(dims));
        if (rank <= 0) throw new ArgumentException($"The rank must be positive, got {rank}.", nameof(rank));
        _dims = (int[])dims.Clone();
        Rank = rank;
        Layout = new ParameterLayout();
        _slots = new FactorSlot[Order];
        for (int n = 0; n < Order; n++) _slots[n] = Layout.Add($"W{n + 1}", rank, _dims[n]);
        _kernel = new CpEntryKernel(_dims, rank, _slots.Select(s => s.Offset).ToArray(),
            walk ?? (_dims.All(d => d <= CpEntryKernel.MaxLaneModeSize) ? CpWalk.EntryLanes : CpWalk.Trie));
    }

    /// <summary>Order N, all modes of size D (TF-E3: N = 784 pixels, D = 2 values).</summary>
    public LargeScaleCpFactorization(int order, int modeSize, int rank) : this(Enumerable.Repeat(modeSize, order).ToArray(), rank, null) { }

    internal LargeScaleCpFactorization(int order, int modeSize, int rank, CpWalk? walk) : this(Enumerable.Repeat(modeSize, order).ToArray(), rank, walk) { }

    internal CpWalk Walk => _kernel.Walk;

    public int Order => _dims.Length;
    public int Rank { get; }
    public IReadOnlyList<int> Dims => _dims;
    public string Name => $"large-scale CP N={Order} R={Rank}";
    public ParameterLayout Layout { get; }

    /// <summary>Factor matrix W{n+1} (R × D_n, row r = w_r^n) of mode n.</summary>
    public ReadOnlySpan<double> ModeFactor(ReadOnlySpan<double> theta, int n) => _slots[n].Of(theta);

    /// <summary>values[k] = f(x_k) = Σ_r Π_n w_r^n[x_k[n]], x_k = row rows[k] of <paramref name="samples"/> (m × N, row-major).</summary>
    public void Predict(ReadOnlySpan<double> theta, ReadOnlySpan<byte> samples, ReadOnlySpan<int> rows, Span<double> values)
    {
        CheckTheta(theta);
        _kernel.Forward(theta, samples, rows, values);
    }

    /// <summary>
    /// gradient = ∇_θ Σ_k sampleGradients[k]·f(x_k) (overwritten, θ layout): the vector–Jacobian product of the
    /// predictions, so ∇_θ ℓ = Backward(θ, …, ∂ℓ/∂f(x_k)) for any loss ℓ of the predictions.
    /// </summary>
    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<byte> samples, ReadOnlySpan<int> rows, ReadOnlySpan<double> sampleGradients, Span<double> gradient)
    {
        CheckTheta(theta);
        if (gradient.Length < Layout.Size) throw new ArgumentException($"A gradient of {gradient.Length} entries for {Layout.Size} parameters.", nameof(gradient));
        _kernel.Backward(theta, samples, rows, sampleGradients, gradient);
    }

    private void CheckTheta(ReadOnlySpan<double> theta)
    {
        if (theta.Length != Layout.Size) throw new ArgumentException($"θ has {theta.Length} entries, {Name} has {Layout.Size} parameters.", nameof(theta));
    }
}
