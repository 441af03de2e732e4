using System.Runtime.InteropServices;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Deep matrix factorization 𝑊_e = W_N ⋯ W_1, W_j ∈ ℝ^{n_j × n_{j−1}} (ACH18 §2.1, ACHL19, RC20; theory.md §2.1),
/// arbitrary widths n_0 … n_N; end shape [n_N, n_0]. Factors are named W1 … WN (θ stores W1 first).
/// Gradient (theory.md §2.1, λ = 0): ∂⟨G, W_e⟩/∂W_j = W_{N:j+1}ᵀ · G · W_{j−1:1}ᵀ.
/// </summary>
public sealed class DeepMatrixFactorization : IFactorization
{
    private readonly int[] _widths;
    private readonly FactorSlot[] _slots;
    private readonly double[][] _prefix;   // _prefix[j] = W_j ⋯ W_1 (n_j × n_0), j = 1..N
    private readonly double[] _back0, _back1;
    private readonly double[] _forwardTheta;  // θ of the last Forward (bit pattern), valid when _forwardValid
    private bool _forwardValid;

    /// <param name="widths">n_0 (columns of W_e), n_1 … n_{N−1} (hidden), n_N (rows of W_e); depth N = widths.Length − 1 ≥ 1.</param>
    public DeepMatrixFactorization(params int[] widths)
    {
        if (widths.Length < 2) throw new ArgumentException("Deep matrix factorization needs widths n_0 … n_N with depth N ≥ 1.", nameof(widths));
        if (widths.Any(w => w <= 0)) throw new ArgumentException($"Widths must be positive: [{string.Join(", ", widths)}].", nameof(widths));
        _widths = (int[])widths.Clone();
        Layout = new ParameterLayout();
        _slots = new FactorSlot[Depth + 1];
        for (int j = 1; j <= Depth; j++) _slots[j] = Layout.Add($"W{j}", widths[j], widths[j - 1]);
        EndShape = new TensorShape(widths[Depth], widths[0]);
        _prefix = new double[Depth + 1][];
        for (int j = 1; j <= Depth; j++) _prefix[j] = new double[widths[j] * widths[0]];
        int maxBack = widths.Max() * widths[0];
        _back0 = new double[maxBack];
        _back1 = new double[maxBack];
        _forwardTheta = new double[Layout.Size];
    }

    /// <summary>Depth N with every width d (square d×d end matrix).</summary>
    public static DeepMatrixFactorization Square(int depth, int d) => new(Enumerable.Repeat(d, depth + 1).ToArray());

    public int Depth => _widths.Length - 1;
    public IReadOnlyList<int> Widths => _widths;
    public string Name => $"deep MF N={Depth} widths [{string.Join(", ", _widths)}]";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape { get; }

    /// <summary>Layer W_j (1-based, as in the papers) as a row-major n_j × n_{j−1} span of θ.</summary>
    public ReadOnlySpan<double> Layer(ReadOnlySpan<double> theta, int j) => _slots[j].Of(theta);
    public Span<double> Layer(Span<double> theta, int j) => _slots[j].Of(theta);

    public void End(ReadOnlySpan<double> theta, Span<double> end)
    {
        Forward(theta);
        _prefix[Depth].CopyTo(end);
    }

    /// <summary>
    /// Prefix products W_j ⋯ W_1 for θ. The θ they belong to is remembered bit for bit, so a
    /// <see cref="Backward"/> at the same θ (the usual End-then-Backward of one gradient step) reuses them
    /// instead of recomputing — the products are a deterministic function of θ, so this is exact.
    /// </summary>
    private void Forward(ReadOnlySpan<double> theta)
    {
        int n0 = _widths[0];
        Layer(theta, 1).CopyTo(_prefix[1]);
        for (int j = 2; j <= Depth; j++)
            Gemm.NN(_widths[j], n0, _widths[j - 1], 1, Layer(theta, j), _prefix[j - 1], 0, _prefix[j]);
        theta[.._forwardTheta.Length].CopyTo(_forwardTheta);
        _forwardValid = true;
    }

    private bool ForwardIsOf(ReadOnlySpan<double> theta) =>
        _forwardValid && MemoryMarshal.AsBytes(theta[.._forwardTheta.Length]).SequenceEqual(MemoryMarshal.AsBytes(_forwardTheta.AsSpan()));

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        if (!ForwardIsOf(theta)) Forward(theta);
        int n0 = _widths[0];
        // B_N = G; grad W_j = B_j · (W_{j−1:1})ᵀ; B_{j−1} = W_jᵀ · B_j (ping-pong between two buffers).
        ReadOnlySpan<double> b = endGradient[..(_widths[Depth] * n0)];
        double[] next = _back0, spare = _back1;
        for (int j = Depth; j >= 1; j--)
        {
            var g = _slots[j].Of(gradient);
            if (j == 1)
            {
                b.CopyTo(g);
                break;
            }
            Gemm.NT(_widths[j], _widths[j - 1], n0, 1, b, _prefix[j - 1], 0, g);
            var below = next.AsSpan(0, _widths[j - 1] * n0);
            Gemm.TN(_widths[j - 1], n0, _widths[j], 1, Layer(theta, j), b, 0, below);
            b = below;
            (next, spare) = (spare, next);
        }
    }

    public IFactorization Clone() => new DeepMatrixFactorization(_widths);
}
