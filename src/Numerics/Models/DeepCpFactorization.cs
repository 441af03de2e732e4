using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Deep CP factorization (theory.md §7 DT-1): 𝒲 = Σ_{r=1}^R a_r^1 ⊗ ⋯ ⊗ a_r^N, where the factor matrix
/// A^(n) = [a_1^n … a_R^n] ∈ ℝ^{D_n×R} is a depth-L linear chain A^(n) = W_L^(n) ⋯ W_1^(n) with
/// W_1^(n) ∈ ℝ^{h_1×R}, W_j^(n) ∈ ℝ^{h_j×h_{j−1}}, W_L^(n) ∈ ℝ^{D_n×h_{L−1}} (default h_j = max(D_n, R)).
/// θ layout: mode 1's chain first, then mode 2's, …; within a chain W_1 … W_L, each row-major; factors named
/// "A{n}.W{j}" (1-based n and j).
/// Each chain is a <see cref="DeepMatrixFactorization"/> with widths [R, h_1, …, h_{L−1}, D_n] (its end is A^(n));
/// the CP part is a <see cref="CpFactorization"/> whose θ holds A^(n)ᵀ (rows a_r^n). The gradient is the CP
/// vector–Jacobian product followed by each chain's, with explicit transposes in between; the observed-entries calls
/// use the CP part's (<see cref="IObservedEntries"/>), the chains are the same.
/// </summary>
public sealed class DeepCpFactorization : IFactorization, IObservedEntries
{
    private readonly int[] _dims;
    private readonly int[][] _hidden;
    private readonly DeepMatrixFactorization[] _chains;
    private readonly int[] _chainOffsets;
    private readonly double[] _factorVectors;   // CP θ: A^(n)ᵀ per mode
    private readonly double[] _factorGradient;  // ∂⟨G, 𝒲⟩/∂(A^(n)ᵀ) per mode
    private readonly double[] _matrix;          // one D_n × R matrix (A^(n) or its gradient)

    /// <summary>Depth L ≥ 1 with every hidden width h_j = max(D_n, R).</summary>
    public DeepCpFactorization(int[] dims, int rank, int depth)
        : this(dims, rank, DefaultHidden(dims, rank, depth)) { }

    /// <param name="hiddenWidths">per mode n, h_1 … h_{L−1} (the same L for every mode; empty arrays for L = 1).</param>
    public DeepCpFactorization(int[] dims, int rank, int[][] hiddenWidths)
    {
        Cp = new CpFactorization(dims, rank);
        _dims = (int[])dims.Clone();
        if (hiddenWidths.Length != dims.Length)
            throw new ArgumentException($"{hiddenWidths.Length} chains of hidden widths for {dims.Length} modes.", nameof(hiddenWidths));
        if (hiddenWidths.Any(h => h.Length != hiddenWidths[0].Length))
            throw new ArgumentException("Every mode's chain must have the same depth.", nameof(hiddenWidths));
        _hidden = hiddenWidths.Select(h => (int[])h.Clone()).ToArray();
        Depth = _hidden[0].Length + 1;
        Layout = new ParameterLayout();
        _chains = new DeepMatrixFactorization[Order];
        _chainOffsets = new int[Order];
        for (int n = 0; n < Order; n++)
        {
            _chains[n] = new DeepMatrixFactorization([rank, .. _hidden[n], dims[n]]);
            _chainOffsets[n] = Layout.Size;
            foreach (var slot in _chains[n].Layout.Factors)
                Layout.Add($"A{n + 1}.{slot.Name}", slot.Shape);
        }
        _factorVectors = new double[Cp.Layout.Size];
        _factorGradient = new double[Cp.Layout.Size];
        _matrix = new double[rank * dims.Max()];
    }

    private static int[][] DefaultHidden(int[] dims, int rank, int depth)
    {
        if (depth < 1) throw new ArgumentException($"The depth must be at least 1, got {depth}.", nameof(depth));
        return dims.Select(d => Enumerable.Repeat(Math.Max(d, rank), depth - 1).ToArray()).ToArray();
    }

    /// <summary>The CP factorization of the factor vectors a_r^n (θ layout of <see cref="FactorVectors"/>).</summary>
    public CpFactorization Cp { get; }
    public int Order => _dims.Length;
    public int Rank => Cp.Rank;
    public int Depth { get; }
    public IReadOnlyList<int> Dims => _dims;
    public string Name => $"deep CP N={Order} R={Rank} L={Depth} [{string.Join("×", _dims)}] hidden [{string.Join("; ", _hidden.Select(h => string.Join(",", h)))}]";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape => Cp.EndShape;

    /// <summary>The chain of mode n (0-based): widths [R, h_1, …, D_n], end A^(n) (D_n × R).</summary>
    public DeepMatrixFactorization Chain(int n) => _chains[n];

    /// <summary>Mode n's chain parameters (W_1^(n) … W_L^(n)) as a slice of θ, in the chain's own layout.</summary>
    public ReadOnlySpan<double> ChainTheta(ReadOnlySpan<double> theta, int n) => theta.Slice(_chainOffsets[n], _chains[n].Layout.Size);
    public Span<double> ChainTheta(Span<double> theta, int n) => theta.Slice(_chainOffsets[n], _chains[n].Layout.Size);

    /// <summary>
    /// The factor vectors a_r^n as a θ of <see cref="Cp"/> (mode n: A^(n)ᵀ, row r = a_r^n). The span is this
    /// instance's buffer, valid until its next call.
    /// </summary>
    public ReadOnlySpan<double> FactorVectors(ReadOnlySpan<double> theta)
    {
        for (int n = 0; n < Order; n++)
        {
            var a = _matrix.AsSpan(0, _dims[n] * Rank);
            _chains[n].End(ChainTheta(theta, n), a);
            Transpose(a, _dims[n], Rank, Cp.ModeFactor(_factorVectors.AsSpan(), n));
        }
        return _factorVectors;
    }

    public void End(ReadOnlySpan<double> theta, Span<double> end) => Cp.End(FactorVectors(theta), end);

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        Cp.Backward(FactorVectors(theta), endGradient, _factorGradient);
        ChainsBackward(theta, gradient);
    }

    public void EndAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, Span<double> values) =>
        Cp.EndAt(FactorVectors(theta), linearIndices, values);

    public void BackwardAt(ReadOnlySpan<double> theta, ReadOnlySpan<int> linearIndices, ReadOnlySpan<double> entryGradients, Span<double> gradient)
    {
        Cp.BackwardAt(FactorVectors(theta), linearIndices, entryGradients, _factorGradient);
        ChainsBackward(theta, gradient);
    }

    /// <summary>Each chain's vector–Jacobian product with the CP gradient in _factorGradient (∂/∂A^(n) = its transpose).</summary>
    private void ChainsBackward(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        for (int n = 0; n < Order; n++)
        {
            var g = _matrix.AsSpan(0, _dims[n] * Rank);
            Transpose(Cp.ModeFactor((ReadOnlySpan<double>)_factorGradient, n), Rank, _dims[n], g);
            _chains[n].Backward(ChainTheta(theta, n), g, ChainTheta(gradient, n));
        }
    }

    public IFactorization Clone() => new DeepCpFactorization(_dims, Rank, _hidden);

    /// <summary>b = aᵀ for a row-major rows × columns matrix a.</summary>
    private static void Transpose(ReadOnlySpan<double> a, int rows, int columns, Span<double> b)
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                b[j * rows + i] = a[i * columns + j];
    }
}
