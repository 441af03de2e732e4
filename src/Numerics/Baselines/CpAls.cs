using System.Numerics.Tensors;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Baselines;

/// <summary>
/// A CP-ALS fit of a dense tensor with R components (theory.md §8.1 D; RC20 evaluators/tensor_rank_metrics.py L74–99).
/// </summary>
/// <param name="Dims">D_1 … D_N.</param>
/// <param name="Rank">R.</param>
/// <param name="Theta">The factors in <see cref="Models.CpFactorization"/>'s θ layout (W_n is R×D_n, row r = w_r^n, W1 first), so
/// <c>new CpFactorization(Dims, Rank).End(Theta, t̂)</c> reconstructs the fit. The component scales sit in the last mode's vectors
/// (the other modes' vectors have unit norm, or are zero).</param>
/// <param name="MseTrajectory">(1/#entries)‖𝒯 − 𝒯̂‖² after each sweep; its length is <paramref name="Sweeps"/>.</param>
/// <param name="Sweeps">ALS sweeps done (each updates every mode once).</param>
/// <param name="Converged">The MSE fell below the tolerance (false: the sweep cap was reached).</param>
/// <param name="Seed">The seed of the 𝒩(0, 1) initial factors.</param>
public sealed record CpAlsFit(int[] Dims, int Rank, double[] Theta, double[] MseTrajectory, int Sweeps, bool Converged, int Seed)
{
    /// <summary>The final mean squared error.</summary>
    public double Mse => MseTrajectory.Length > 0 ? MseTrajectory[^1] : double.NaN;

    public override string ToString() =>
        $"CP-ALS R={Rank} [{string.Join("×", Dims)}]: MSE {Mse:E3} after {Sweeps} sweeps{(Converged ? "" : " (not converged)")}, seed {Seed}";
}

/// <summary>
/// CP alternating least squares (Kolda &amp; Bader 2009, §3.4; theory.md §8.1 D): with 𝒩(0, 1) initial factors
/// A_n ∈ ℝ^{D_n×R} drawn from a seed, each sweep updates every mode n = 1 … N in turn by the normal equations
/// A_n ← 𝒯_(n)·(⊙_{m≠n} A_m)·V⁻¹, V = ⊛_{m≠n} A_mᵀA_m (Khatri–Rao ⊙, Hadamard ⊛), solved by Cholesky with a ridge
/// fallback (<see cref="RidgeCholesky"/>, the stand-in for RC20's pinv). Every updated mode but the last is
/// column-normalized (the scales move to the last mode; the next update absorbs them). After each sweep the exact
/// MSE = (1/#entries)‖𝒯 − 𝒯̂‖² is formed from the last mode's product; the fit stops when MSE &lt; tolerance or after
/// <c>maxSweeps</c> sweeps. RC20's column-normalization quirk (dividing by the previous factor's norms) is not copied.
/// Deterministic: same tensor, rank and seed ⇒ bit-identical fit on one machine. The products run on <see cref="Gemm"/>;
/// a sweep allocates nothing (all buffers are sized once per fit).
/// </summary>
public static class CpAls
{
    /// <param name="tensor">𝒯 in C order (last index fastest), finite entries.</param>
    /// <param name="dims">D_1 … D_N (N ≥ 1, each ≥ 1), Π D_n = tensor.Length.</param>
    /// <param name="rank">R ≥ 1.</param>
    /// <param name="seed">Seed of the 𝒩(0, 1) initial factors (drawn mode by mode, A_n row-major D_n×R).</param>
    /// <param name="maxSweeps">≥ 1; RC20 uses 1000.</param>
    /// <param name="tolerance">Stop when the MSE is below this (&gt; 0); RC20 uses 10⁻⁶.</param>
    public static CpAlsFit Fit(ReadOnlySpan<double> tensor, int[] dims, int rank, int seed, int maxSweeps = 1000, double tolerance = 1e-6)
    {
        ValidateTensor(tensor, dims);
        ValidateSettings(rank, maxSweeps, tolerance);
        return new Workspace(tensor, dims, rank).Fit(seed, maxSweeps, tolerance);
    }

    internal static void ValidateTensor(ReadOnlySpan<double> tensor, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length == 0) throw new ArgumentException("dims must name at least one mode.", nameof(dims));
        long size = 1;
        for (int n = 0; n < dims.Length; n++)
        {
            if (dims[n] < 1) throw new ArgumentException($"dims[{n}] = {dims[n]}; every mode size must be ≥ 1.", nameof(dims));
            size *= dims[n];
            if (size > int.MaxValue) throw new ArgumentException($"dims [{string.Join(", ", dims)}] describe more than 2^31 entries.", nameof(dims));
        }
        if (tensor.Length != size)
            throw new ArgumentException($"tensor has {tensor.Length} entries but dims [{string.Join("×", dims)}] need {size}.", nameof(tensor));
        for (int i = 0; i < tensor.Length; i++)
            if (!double.IsFinite(tensor[i])) throw new ArgumentException($"tensor[{i}] = {tensor[i]} is not finite.", nameof(tensor));
    }

    internal static void ValidateSettings(int rank, int maxSweeps, double tolerance)
    {
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(rank), $"rank must be ≥ 1, got {rank}.");
        if (maxSweeps < 1) throw new ArgumentOutOfRangeException(nameof(maxSweeps), $"maxSweeps must be ≥ 1, got {maxSweeps}.");
        if (!(tolerance > 0) || !double.IsFinite(tolerance)) throw new ArgumentOutOfRangeException(nameof(tolerance), $"tolerance must be finite and > 0, got {tolerance}.");
    }

    /// <summary>The buffers of CP-ALS for one tensor and one rank, reusable across seeds (restarts).</summary>
    internal sealed class Workspace
    {
        private readonly int[] _dims;
        private readonly int _order, _rank, _size;
        private readonly double[][] _unfoldings;   // 𝒯_(n): D_n × P_n, columns = the other modes in C order
        private readonly double[][] _factors;      // A_n: D_n × R
        private readonly double[][] _grams;        // A_nᵀA_n: R × R
        private readonly double[] _khatriRao;      // ⊙_{m≠n} A_m: P_n × R (largest P_n)
        private readonly double[] _hadamard;       // V: R × R
        private readonly double[] _fit;            // 𝒯̂_(N−1)
        private readonly RidgeCholesky _solver;

        public Workspace(ReadOnlySpan<double> tensor, int[] dims, int rank)
        {
            _dims = (int[])dims.Clone();
            _order = dims.Length;
            _rank = rank;
            _size = tensor.Length;
            _unfoldings = new double[_order][];
            _factors = new double[_order][];
            _grams = new double[_order][];
            int maxOthers = 1;
            for (int n = 0; n < _order; n++)
            {
                _unfoldings[n] = new double[_size];
                Unfold(tensor, n, _unfoldings[n]);
                _factors[n] = new double[dims[n] * rank];
                _grams[n] = new double[rank * rank];
                maxOthers = Math.Max(maxOthers, _size / dims[n]);
            }
            _khatriRao = new double[maxOthers * rank];
            _hadamard = new double[rank * rank];
            _fit = new double[_size];
            _solver = new RidgeCholesky(rank);
        }

        public CpAlsFit Fit(int seed, int maxSweeps, double tolerance)
        {
            Initialize(seed);
            var trajectory = new double[maxSweeps];
            int sweeps = 0;
            bool converged = false;
            while (sweeps < maxSweeps)
            {
                double mse = Sweep();
                trajectory[sweeps++] = mse;
                if (mse < tolerance)
                {
                    converged = true;
                    break;
                }
            }
            return new CpAlsFit(_dims, _rank, Theta(), trajectory[..sweeps], sweeps, converged, seed);
        }

        /// <summary>𝒩(0, 1) factors from <paramref name="seed"/>, mode by mode (A_n row-major), and their Grams.</summary>
        internal void Initialize(int seed)
        {
            var gaussian = new Gaussian(seed);
            for (int n = 0; n < _order; n++)
            {
                gaussian.Fill(_factors[n], 1);
                Gemm.TN(_rank, _rank, _dims[n], 1, _factors[n], _factors[n], 0, _grams[n]);
            }
        }

        /// <summary>One ALS sweep over the modes; returns the MSE of the fit after it. Allocates nothing.</summary>
        internal double Sweep()
        {
            int last = _order - 1;
            for (int n = 0; n < _order; n++)
            {
                int rows = _dims[n], others = _size / rows;
                var factor = _factors[n].AsSpan();
                var khatriRao = _khatriRao.AsSpan(0, others * _rank);
                KhatriRao(n, khatriRao);
                Gemm.NN(rows, _rank, others, 1, _unfoldings[n], khatriRao, 0, factor);      // 𝒯_(n)·(⊙_{m≠n} A_m)
                Hadamard(n);
                _solver.Solve(_hadamard, factor, rows);                                       // ·V⁻¹
                if (n < last) NormalizeColumns(factor, rows);
                Gemm.TN(_rank, _rank, rows, 1, factor, factor, 0, _grams[n]);
            }
            // 𝒯̂_(N−1) = A_{N−1}·(⊙_{m<N−1} A_m)ᵀ; the Khatri–Rao of the last update is still in the buffer.
            int lastRows = _dims[last], lastOthers = _size / lastRows;
            Gemm.NT(lastRows, lastOthers, _rank, 1, _factors[last], _khatriRao.AsSpan(0, lastOthers * _rank), 0, _fit);
            TensorPrimitives.Subtract(_unfoldings[last], _fit, _fit);
            return TensorPrimitives.SumOfSquares(_fit) / _size;
        }

        /// <summary>Rows of ⊙_{m≠n} A_m in C order of the other modes: row (i_m)_{m≠n} = ⊙_{m≠n} A_m[i_m, :], built in place mode by mode.</summary>
        private void KhatriRao(int n, Span<double> k)
        {
            int r = _rank, rows = 1;
            k[..r].Fill(1);
            for (int m = 0; m < _order; m++)
            {
                if (m == n) continue;
                int d = _dims[m];
                ReadOnlySpan<double> a = _factors[m];
                // Row p·d + i = row p ⊙ A_m[i]; descending p and i never overwrite a row still to be read.
                for (int p = rows - 1; p >= 0; p--)
                    for (int i = d - 1; i >= 0; i--)
                        TensorPrimitives.Multiply(k.Slice(p * r, r), a.Slice(i * r, r), k.Slice((p * d + i) * r, r));
                rows *= d;
            }
        }

        /// <summary>V = ⊛_{m≠n} A_mᵀA_m (all ones when N = 1).</summary>
        private void Hadamard(int n)
        {
            var v = _hadamard.AsSpan();
            v.Fill(1);
            for (int m = 0; m < _order; m++)
                if (m != n) TensorPrimitives.Multiply(v, _grams[m], v);
        }

        private void NormalizeColumns(Span<double> factor, int rows)
        {
            int r = _rank;
            for (int c = 0; c < r; c++)
            {
                double s = 0;
                for (int i = 0; i < rows; i++) s += factor[i * r + c] * factor[i * r + c];
                if (s == 0) continue;
                double inverse = 1 / Math.Sqrt(s);
                for (int i = 0; i < rows; i++) factor[i * r + c] *= inverse;
            }
        }

        /// <summary>𝒯_(n) with columns ordered as the C-order multi-index of the modes m ≠ n.</summary>
        private void Unfold(ReadOnlySpan<double> tensor, int n, double[] unfolding)
        {
            // Linear index = (outer·D_n + i)·inner + j, outer over modes &lt; n, inner over modes &gt; n; column = outer·inner + j.
            int inner = 1, outer = 1;
            for (int m = n + 1; m < _order; m++) inner *= _dims[m];
            for (int m = 0; m < n; m++) outer *= _dims[m];
            int d = _dims[n], columns = outer * inner;
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < d; i++)
                    tensor.Slice((o * d + i) * inner, inner).CopyTo(unfolding.AsSpan(i * columns + o * inner, inner));
        }

        /// <summary>The factors in CpFactorization's θ layout: W_n = A_nᵀ (R × D_n), W1 first.</summary>
        private double[] Theta()
        {
            int total = 0;
            foreach (int d in _dims) total += d * _rank;
            var theta = new double[total];
            int offset = 0;
            for (int n = 0; n < _order; n++)
            {
                int d = _dims[n];
                for (int r = 0; r < _rank; r++)
                    for (int i = 0; i < d; i++) theta[offset + r * d + i] = _factors[n][i * _rank + r];
                offset += d * _rank;
            }
            return theta;
        }
    }
}
