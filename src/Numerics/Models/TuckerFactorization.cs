using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Tucker factorization 𝒲 = 𝒢 ×_1 U^(1) ×_2 ⋯ ×_N U^(N) of any order N (theory.md DT-2 with depth 1; H24 code
/// TuckerLayer.py L127–148): core 𝒢 ∈ ℝ^{R_1×⋯×R_N}, factors U^(n) ∈ ℝ^{D_n×R_n},
/// 𝒲_{a_1..a_N} = Σ_{i_1..i_N} 𝒢_{i_1..i_N} Π_n U^(n)_{a_n i_n}. θ = [G | U1 | … | UN], each factor in C order;
/// the factor block [U1 | … | UN] is also what <see cref="DeepTuckerFactorization"/> builds from its chains.
/// Evaluated as successive mode products X_n = X_{n−1} ×_n U^(n), X_0 = 𝒢, X_N = 𝒲, with X_n of shape
/// [D_1..D_n, R_{n+1}..R_N]. Gradient (B_N = ∂/∂𝒲): ∂/∂U^(n)_{d r} = Σ_{p,q} B_n[p,d,q]·X_{n−1}[p,r,q],
/// B_{n−1} = B_n ×_n U^(n)ᵀ, ∂/∂𝒢 = B_0.
/// </summary>
public sealed class TuckerFactorization : IFactorization
{
    private readonly int[] _dims, _ranks;
    private readonly int[] _before, _after;   // mode n as the middle index of [a, ·, b]: a = Π_{m<n} D_m, b = Π_{m>n} R_m
    private readonly int[] _factorOffsets;
    private readonly FactorSlot _coreSlot;
    private readonly double[][] _x;           // X_1 … X_{N−1}
    private readonly double[] _back0, _back1;

    /// <param name="dims">Mode sizes D_1 … D_N of 𝒲.</param>
    /// <param name="ranks">Core sizes R_1 … R_N of 𝒢.</param>
    public TuckerFactorization(int[] dims, int[] ranks)
    {
        if (dims.Length == 0) throw new ArgumentException("A Tucker factorization needs at least one mode.", nameof(dims));
        if (dims.Length != ranks.Length)
            throw new ArgumentException($"{dims.Length} mode sizes but {ranks.Length} core sizes.", nameof(ranks));
        if (dims.Any(d => d <= 0) || ranks.Any(r => r <= 0))
            throw new ArgumentException($"Mode sizes [{string.Join(", ", dims)}] and core sizes [{string.Join(", ", ranks)}] must be positive.");
        _dims = (int[])dims.Clone();
        _ranks = (int[])ranks.Clone();
        int order = dims.Length;
        EndShape = new TensorShape(dims);
        CoreShape = new TensorShape(ranks);
        Layout = new ParameterLayout();
        _coreSlot = Layout.Add("G", ranks);
        _factorOffsets = new int[order];
        for (int n = 0; n < order; n++)
        {
            _factorOffsets[n] = Layout.Add($"U{n + 1}", dims[n], ranks[n]).Offset - _coreSlot.Size;
            FactorsSize += dims[n] * ranks[n];
        }
        _before = new int[order];
        _after = new int[order];
        for (int n = 0; n < order; n++)
        {
            _before[n] = 1;
            _after[n] = 1;
            for (int m = 0; m < n; m++) _before[n] *= dims[m];
            for (int m = n + 1; m < order; m++) _after[n] *= ranks[m];
        }
        _x = new double[order][];
        int maxIntermediate = Math.Max(CoreShape.Size, EndShape.Size);
        for (int n = 1; n < order; n++)
        {
            _x[n] = new double[_before[n] * ranks[n] * _after[n]];
            maxIntermediate = Math.Max(maxIntermediate, _x[n].Length);
        }
        _back0 = new double[maxIntermediate];
        _back1 = new double[maxIntermediate];
    }

    /// <summary>Order N with every D_n = d and every R_n = r.</summary>
    public static TuckerFactorization Cubic(int order, int d, int r) =>
        new(Enumerable.Repeat(d, order).ToArray(), Enumerable.Repeat(r, order).ToArray());

    public int Order => _dims.Length;
    public IReadOnlyList<int> Dims => _dims;
    public IReadOnlyList<int> Ranks => _ranks;
    public TensorShape CoreShape { get; }

    /// <summary>Length of the factor block [U1 | … | UN] (θ after the core).</summary>
    public int FactorsSize { get; }

    public string Name => $"Tucker N={Order} dims {EndShape} core {CoreShape}";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape { get; }

    /// <summary>U^(n) (mode 0-based) as a row-major D_n × R_n span of a factor block.</summary>
    public ReadOnlySpan<double> Factor(ReadOnlySpan<double> factors, int mode) => factors.Slice(_factorOffsets[mode], _dims[mode] * _ranks[mode]);
    public Span<double> Factor(Span<double> factors, int mode) => factors.Slice(_factorOffsets[mode], _dims[mode] * _ranks[mode]);

    public void End(ReadOnlySpan<double> theta, Span<double> end) =>
        End(_coreSlot.Of(theta), theta[_coreSlot.Size..], end);

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient) =>
        Backward(_coreSlot.Of(theta), theta[_coreSlot.Size..], endGradient, _coreSlot.Of(gradient), gradient[_coreSlot.Size..]);

    /// <summary>𝒲 from a core (C order, <see cref="CoreShape"/>) and a factor block [U1 | … | UN].</summary>
    public void End(ReadOnlySpan<double> core, ReadOnlySpan<double> factors, Span<double> end)
    {
        CheckLengths(core, factors);
        if (end.Length < EndShape.Size) throw new ArgumentException($"End buffer has {end.Length} of {EndShape.Size} entries.", nameof(end));
        Forward(core, factors, end);
    }

    /// <summary>
    /// ∂⟨B, 𝒲⟩/∂𝒢 and ∂⟨B, 𝒲⟩/∂U^(n) for an end-tensor gradient B (= <paramref name="endGradient"/>); overwrites both outputs.
    /// </summary>
    public void Backward(ReadOnlySpan<double> core, ReadOnlySpan<double> factors, ReadOnlySpan<double> endGradient,
        Span<double> coreGradient, Span<double> factorsGradient)
    {
        CheckLengths(core, factors);
        if (endGradient.Length < EndShape.Size || coreGradient.Length < CoreShape.Size || factorsGradient.Length < FactorsSize)
            throw new ArgumentException("Backward buffers are shorter than the end tensor, the core or the factor block.");
        Forward(core, factors, default);
        ReadOnlySpan<double> b = endGradient[..EndShape.Size];
        double[] target = _back0, spare = _back1;
        for (int n = Order - 1; n >= 0; n--)
        {
            int a = _before[n], r = _ranks[n], bb = _after[n], d = _dims[n];
            ReadOnlySpan<double> input = n == 0 ? core : _x[n];
            var u = Factor(factors, n);
            FactorGradient(a, r, bb, d, b, input, Factor(factorsGradient, n));
            Span<double> previous = n == 0 ? coreGradient[..CoreShape.Size] : target.AsSpan(0, a * r * bb);
            TransposedModeProduct(a, r, bb, d, u, b, previous);
            b = previous;
            (target, spare) = (spare, target);
        }
    }

    public IFactorization Clone() => new TuckerFactorization(_dims, _ranks);

    /// <summary>X_1 … X_{N−1} into the scratch buffers and X_N into <paramref name="end"/> (skipped when empty).</summary>
    private void Forward(ReadOnlySpan<double> core, ReadOnlySpan<double> factors, Span<double> end)
    {
        ReadOnlySpan<double> x = core;
        for (int n = 0; n < Order; n++)
        {
            Span<double> y = n == Order - 1 ? end : _x[n + 1];
            if (y.IsEmpty) return;
            ModeProduct(_before[n], _ranks[n], _after[n], _dims[n], Factor(factors, n), x, y);
            x = y;
        }
    }

    /// <summary>Y[p,d,q] = Σ_r U[d,r]·X[p,r,q]; X is a×R×b, U is D×R, Y is a×D×b.</summary>
    private static void ModeProduct(int a, int r, int b, int d, ReadOnlySpan<double> u, ReadOnlySpan<double> x, Span<double> y)
    {
        if (b == 1)
        {
            Gemm.NT(a, d, r, 1, x, u, 0, y);
            return;
        }
        for (int p = 0; p < a; p++)
            Gemm.NN(d, b, r, 1, u, x.Slice(p * r * b, r * b), 0, y.Slice(p * d * b, d * b));
    }

    /// <summary>∂U[d,r] = Σ_{p,q} B[p,d,q]·X[p,r,q].</summary>
    private static void FactorGradient(int a, int r, int b, int d, ReadOnlySpan<double> back, ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (b == 1)
        {
            Gemm.TN(d, r, a, 1, back, x, 0, gradient);
            return;
        }
        for (int p = 0; p < a; p++)
            Gemm.NT(d, r, b, 1, back.Slice(p * d * b, d * b), x.Slice(p * r * b, r * b), p == 0 ? 0 : 1, gradient);
    }

    /// <summary>Y[p,r,q] = Σ_d U[d,r]·B[p,d,q] (the mode product with Uᵀ).</summary>
    private static void TransposedModeProduct(int a, int r, int b, int d, ReadOnlySpan<double> u, ReadOnlySpan<double> back, Span<double> y)
    {
        if (b == 1)
        {
            Gemm.NN(a, r, d, 1, back, u, 0, y);
            return;
        }
        for (int p = 0; p < a; p++)
            Gemm.TN(r, b, d, 1, u, back.Slice(p * d * b, d * b), 0, y.Slice(p * r * b, r * b));
    }

    private void CheckLengths(ReadOnlySpan<double> core, ReadOnlySpan<double> factors)
    {
        if (core.Length < CoreShape.Size || factors.Length < FactorsSize)
            throw new ArgumentException($"Core has {core.Length} of {CoreShape.Size} and factors {factors.Length} of {FactorsSize} entries.");
    }
}
