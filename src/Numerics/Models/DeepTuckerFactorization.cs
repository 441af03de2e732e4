using System.Numerics.Tensors;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// The deep Tucker model of the H24 code (theory.md DT-2; Stef-hub/deeptuckerimplicit@fc474dd TuckerLayer.py L54–148):
/// 𝒲 = 𝒢 ×_1 U^(1) ⋯ ×_N U^(N) with every factor column produced by its own depth-L linear chain,
/// U^(n)_{:,i} = P^(n)_{i,1} P^(n)_{i,2} ⋯ P^(n)_{i,L−1} M^(n)_{:,i}  (L = 1: U^(n) = M^(n)).
/// Shapes: 𝒢 ∈ ℝ^{R_1×⋯×R_N}, M^(n) ∈ ℝ^{D_n×R_n}, P^(n)_{i,k} ∈ ℝ^{D_n×D_n} for i ∈ [R_n], k ∈ [L−1].
/// The code has R_n = D_n (one chain per column, column i multiplying core slice i); here R_n may differ from D_n, and
/// with R_n = D_n (<see cref="DeepTuckerFactorization(int[], int)"/>) the model is exactly the code's. Depth 0 of the
/// code (𝒲 = 𝒢) is not a factorization and is not modelled.
/// θ layout (C order, indices in names 1-based as in theory.md): "G" [R_1,…,R_N]; then per mode n = 1..N:
/// "Mn" [D_n, R_n], followed by "Pn[i,k]" [D_n, D_n] for i = 1..R_n, k = 1..L−1 (k fastest).
/// The core part of the gradient is <see cref="TuckerFactorization"/>'s Backward; ∂/∂U^(n)_{:,i} is then carried down
/// chain (n,i): ∂P_{i,k} = g_k h_{k+1}ᵀ, g_{k+1} = P_{i,k}ᵀ g_k, ∂M_{:,i} = g_L, with g_1 = ∂U_{:,i},
/// h_L = M_{:,i}, h_k = P_{i,k} h_{k+1}.
/// </summary>
public sealed class DeepTuckerFactorization : IFactorization
{
    private readonly int[] _dims, _ranks;
    private readonly FactorSlot _core;
    private readonly FactorSlot[] _m;
    private readonly int[][] _chainOffsets;     // [mode][i·(L−1) + (k−1)] = θ offset of P^(n)_{i,k}
    private readonly double[] _factors, _factorsGradient;
    private readonly double[][] _h;             // [mode][(i·L + (k−1))·D_n …] = h_k of chain (n,i), k = 1..L
    private readonly double[] _g0, _g1;

    /// <param name="dims">Mode sizes D_1 … D_N of 𝒲.</param>
    /// <param name="ranks">Core sizes R_1 … R_N (the code: R_n = D_n).</param>
    /// <param name="depth">Chain depth L ≥ 1 (the code's `depth`).</param>
    public DeepTuckerFactorization(int[] dims, int[] ranks, int depth)
    {
        if (depth < 1) throw new ArgumentException($"Depth L = {depth}: the deep Tucker chains need L ≥ 1 (the code's depth 0, 𝒲 = 𝒢, is no factorization).", nameof(depth));
        Tucker = new TuckerFactorization(dims, ranks);
        _dims = (int[])dims.Clone();
        _ranks = (int[])ranks.Clone();
        Depth = depth;
        Layout = new ParameterLayout();
        _core = Layout.Add("G", ranks);
        _m = new FactorSlot[Order];
        _chainOffsets = new int[Order][];
        _h = new double[Order][];
        for (int n = 0; n < Order; n++)
        {
            _m[n] = Layout.Add($"M{n + 1}", dims[n], ranks[n]);
            _chainOffsets[n] = new int[ranks[n] * (depth - 1)];
            for (int i = 0; i < ranks[n]; i++)
                for (int k = 1; k < depth; k++)
                    _chainOffsets[n][i * (depth - 1) + k - 1] = Layout.Add($"P{n + 1}[{i + 1},{k}]", dims[n], dims[n]).Offset;
            _h[n] = new double[ranks[n] * depth * dims[n]];
        }
        _factors = new double[Tucker.FactorsSize];
        _factorsGradient = new double[Tucker.FactorsSize];
        _g0 = new double[dims.Max()];
        _g1 = new double[dims.Max()];
    }

    /// <summary>The H24 code's model: core sizes equal to the mode sizes (R_n = D_n).</summary>
    public DeepTuckerFactorization(int[] dims, int depth) : this(dims, dims, depth) { }

    /// <summary>Order N, every D_n = R_n = d, depth L (the code's DT-E1: N = 3, d = 25, L = 2).</summary>
    public static DeepTuckerFactorization Cubic(int order, int d, int depth) => new(Enumerable.Repeat(d, order).ToArray(), depth);

    /// <summary>The plain Tucker map 𝒢, [U^(1) | … | U^(N)] ↦ 𝒲 used for the core part (its factor block = <see cref="EndFactors"/>).</summary>
    public TuckerFactorization Tucker { get; }

    public int Order => _dims.Length;
    public int Depth { get; }
    public IReadOnlyList<int> Dims => _dims;
    public IReadOnlyList<int> Ranks => _ranks;
    public TensorShape CoreShape => Tucker.CoreShape;

    public string Name => $"deep Tucker N={Order} L={Depth} dims {EndShape} core {CoreShape}";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape => Tucker.EndShape;

    public ReadOnlySpan<double> Core(ReadOnlySpan<double> theta) => _core.Of(theta);
    public Span<double> Core(Span<double> theta) => _core.Of(theta);

    /// <summary>M^(n) (mode 0-based) as a row-major D_n × R_n span; column i (0-based) feeds chain (n,i).</summary>
    public ReadOnlySpan<double> M(ReadOnlySpan<double> theta, int mode) => _m[mode].Of(theta);
    public Span<double> M(Span<double> theta, int mode) => _m[mode].Of(theta);

    /// <summary>P^(n)_{i,k} as a row-major D_n × D_n span: mode and column 0-based, chain factor k = 1..L−1 as in theory.md.</summary>
    public ReadOnlySpan<double> Chain(ReadOnlySpan<double> theta, int mode, int column, int k) => theta.Slice(ChainOffset(mode, column, k), _dims[mode] * _dims[mode]);
    public Span<double> Chain(Span<double> theta, int mode, int column, int k) => theta.Slice(ChainOffset(mode, column, k), _dims[mode] * _dims[mode]);

    /// <summary>The end factors [U^(1) | … | U^(N)] (each D_n × R_n, row-major) written into <paramref name="factors"/> (length Tucker.FactorsSize).</summary>
    public void EndFactors(ReadOnlySpan<double> theta, Span<double> factors)
    {
        BuildFactors(theta);
        _factors.CopyTo(factors);
    }

    public void End(ReadOnlySpan<double> theta, Span<double> end)
    {
        BuildFactors(theta);
        Tucker.End(_core.Of(theta), _factors, end);
    }

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        BuildFactors(theta);
        Tucker.Backward(_core.Of(theta), _factors, endGradient, _core.Of(gradient), _factorsGradient);
        for (int n = 0; n < Order; n++)
        {
            int d = _dims[n], r = _ranks[n];
            var gu = Tucker.Factor((ReadOnlySpan<double>)_factorsGradient, n);
            var gm = _m[n].Of(gradient);
            for (int i = 0; i < r; i++)
            {
                Span<double> g = _g0.AsSpan(0, d), next = _g1.AsSpan(0, d);
                for (int a = 0; a < d; a++) g[a] = gu[a * r + i];
                for (int k = 1; k < Depth; k++)
                {
                    var p = Chain(theta, n, i, k);
                    var gp = Chain(gradient, n, i, k);
                    var hNext = H(n, i, k + 1);
                    next.Clear();
                    for (int row = 0; row < d; row++)
                    {
                        TensorPrimitives.Multiply(hNext, g[row], gp.Slice(row * d, d));
                        TensorPrimitives.MultiplyAdd(p.Slice(row * d, d), g[row], next, next);
                    }
                    var t = g; g = next; next = t;
                }
                for (int a = 0; a < d; a++) gm[a * r + i] = g[a];
            }
        }
    }

    public IFactorization Clone() => new DeepTuckerFactorization(_dims, _ranks, Depth);

    /// <summary>h_L = M_{:,i}, h_k = P_{i,k} h_{k+1}, U_{:,i} = h_1, for every chain, into the scratch buffers.</summary>
    private void BuildFactors(ReadOnlySpan<double> theta)
    {
        for (int n = 0; n < Order; n++)
        {
            int d = _dims[n], r = _ranks[n];
            var m = _m[n].Of(theta);
            var u = Tucker.Factor(_factors.AsSpan(), n);
            for (int i = 0; i < r; i++)
            {
                var last = H(n, i, Depth);
                for (int a = 0; a < d; a++) last[a] = m[a * r + i];
                for (int k = Depth - 1; k >= 1; k--)
                {
                    var p = Chain(theta, n, i, k);
                    var below = H(n, i, k + 1);
                    var h = H(n, i, k);
                    for (int row = 0; row < d; row++) h[row] = TensorPrimitives.Dot(p.Slice(row * d, d), below);
                }
                var first = H(n, i, 1);
                for (int a = 0; a < d; a++) u[a * r + i] = first[a];
            }
        }
    }

    private Span<double> H(int mode, int column, int k) => _h[mode].AsSpan((column * Depth + k - 1) * _dims[mode], _dims[mode]);

    private int ChainOffset(int mode, int column, int k)
    {
        if ((uint)mode >= (uint)Order || (uint)column >= (uint)_ranks[mode] || k < 1 || k >= Depth)
            throw new ArgumentOutOfRangeException(nameof(k), $"No chain factor P{mode + 1}[{column + 1},{k}] in a depth-{Depth} model with core {CoreShape}.");
        return _chainOffsets[mode][column * (Depth - 1) + k - 1];
    }
}
