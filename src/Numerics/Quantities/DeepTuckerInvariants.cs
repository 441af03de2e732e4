using System.Numerics.Tensors;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>One conserved quantity Left − Right of <see cref="DeepTuckerInvariants"/>: a Rows × Columns block (row-major) at Offset.</summary>
public sealed record InvariantBlock(string Name, int Mode, int Column, int Rows, int Columns, int Offset)
{
    public int Size => Rows * Columns;
}

/// <summary>
/// The quantities conserved by gradient flow on any loss of the end tensor of a deep Tucker factorization (theory.md
/// DT-2.C, §1.2), for every mode n and core index i (0-based in code, 1-based in names):
/// L ≥ 2: ‖𝒢^(n)_i‖²_F − ‖P^(n)_{i,1}‖²_F (slice-vs-chain rescaling); P_{i,k}ᵀP_{i,k} − P_{i,k+1}P_{i,k+1}ᵀ (k ≤ L−2) and
/// P_{i,L−1}ᵀP_{i,L−1} − M_{:,i}M_{:,i}ᵀ (GL(D_n) inside chain (n,i)).
/// L = 1: 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) (GL(R_n): U → UA, 𝒢 → 𝒢 ×_n A^{−1}), whose diagonal is s_i² − ‖M_{:,i}‖².
/// Every quantity is a difference of two quadratic forms, q(θ) = B(θ,θ), so its rate along a velocity v is exact:
/// q̇ = B(v,θ) + B(θ,v). Owns scratch buffers; not thread-safe.
/// </summary>
public sealed class DeepTuckerInvariants
{
    private enum Kind { SliceNormSquared, FrobeniusSquared, TransposeGram, Gram, ColumnOuter, UnfoldingGram }

    /// <summary>A quadratic form: Kind at θ offset Offset of a Rows × Columns factor (mode/column where needed).</summary>
    private readonly record struct Part(Kind Kind, int Offset, int Rows, int Columns, int Mode, int Column);

    private readonly DeepTuckerFactorization _model;
    private readonly List<InvariantBlock> _blocks = [];
    private readonly List<(Part Left, Part Right)> _parts = [];
    private readonly double[] _left, _right, _factors;

    public DeepTuckerInvariants(DeepTuckerFactorization model)
    {
        _model = model;
        var layout = model.Layout;
        int core = layout["G"].Offset, depth = model.Depth;
        for (int n = 0; n < model.Order; n++)
        {
            int d = model.Dims[n], r = model.Ranks[n], m = layout[$"M{n + 1}"].Offset;
            if (depth == 1)
            {
                Add($"G({n + 1})G({n + 1})ᵀ − M{n + 1}ᵀM{n + 1}", n, -1, r, r,
                    new Part(Kind.UnfoldingGram, core, 0, 0, n, 0), new Part(Kind.TransposeGram, m, d, r, n, 0));
                continue;
            }
            for (int i = 0; i < r; i++)
            {
                string P(int k) => $"P{n + 1}[{i + 1},{k}]";
                int Offset(int k) => layout[P(k)].Offset;
                Add($"‖G{n + 1}_{i + 1}‖² − ‖{P(1)}‖²", n, i, 1, 1,
                    new Part(Kind.SliceNormSquared, core, 0, 0, n, i), new Part(Kind.FrobeniusSquared, Offset(1), d, d, n, i));
                for (int k = 1; k <= depth - 2; k++)
                    Add($"{P(k)}ᵀ{P(k)} − {P(k + 1)}{P(k + 1)}ᵀ", n, i, d, d,
                        new Part(Kind.TransposeGram, Offset(k), d, d, n, i), new Part(Kind.Gram, Offset(k + 1), d, d, n, i));
                Add($"{P(depth - 1)}ᵀ{P(depth - 1)} − M{n + 1}[:,{i + 1}]M{n + 1}[:,{i + 1}]ᵀ", n, i, d, d,
                    new Part(Kind.TransposeGram, Offset(depth - 1), d, d, n, i), new Part(Kind.ColumnOuter, m, d, r, n, i));
            }
        }
        int maxBlock = _blocks.Max(b => b.Size);
        _left = new double[maxBlock];
        _right = new double[maxBlock];
        _factors = new double[model.Tucker.FactorsSize];
    }

    public IReadOnlyList<InvariantBlock> Blocks => _blocks;

    /// <summary>Total number of entries over all blocks.</summary>
    public int Size { get; private set; }

    /// <summary>Every block's value Left(θ) − Right(θ) into <paramref name="values"/> (length <see cref="Size"/>).</summary>
    public void Compute(ReadOnlySpan<double> theta, Span<double> values)
    {
        for (int b = 0; b < _blocks.Count; b++)
        {
            var block = _blocks[b];
            var target = values.Slice(block.Offset, block.Size);
            target.Clear();
            Bilinear(_parts[b].Left, theta, theta, 1, target);
            Bilinear(_parts[b].Right, theta, theta, -1, target);
        }
    }

    /// <summary>
    /// q̇ = B(v,θ) + B(θ,v) for every entry (<paramref name="rates"/>, length <see cref="Size"/>), and per block the scale
    /// max(‖L̇‖_∞, ‖Ṙ‖_∞) of its two parts' rates (<paramref name="scales"/>, length Blocks.Count): a conserved quantity has
    /// |q̇| at rounding level relative to that scale.
    /// </summary>
    public void Rate(ReadOnlySpan<double> theta, ReadOnlySpan<double> velocity, Span<double> rates, Span<double> scales)
    {
        for (int b = 0; b < _blocks.Count; b++)
        {
            var block = _blocks[b];
            var left = _left.AsSpan(0, block.Size);
            var right = _right.AsSpan(0, block.Size);
            left.Clear();
            right.Clear();
            Bilinear(_parts[b].Left, velocity, theta, 1, left);
            Bilinear(_parts[b].Left, theta, velocity, 1, left);
            Bilinear(_parts[b].Right, velocity, theta, 1, right);
            Bilinear(_parts[b].Right, theta, velocity, 1, right);
            TensorPrimitives.Subtract(left, right, rates.Slice(block.Offset, block.Size));
            scales[b] = Math.Max(Math.Abs(TensorPrimitives.MaxMagnitude(left)), Math.Abs(TensorPrimitives.MaxMagnitude(right)));
        }
    }

    /// <summary>
    /// 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) (R_n × R_n, row-major) with U^(n) the end factor, at any depth. Conserved only for L = 1
    /// (where it is a block of <see cref="Blocks"/>); for L ≥ 2 the per-column chains break GL(R_n) (DT-2.C), so it is not.
    /// </summary>
    public void ModeGramDifference(ReadOnlySpan<double> theta, int mode, Span<double> result)
    {
        int r = _model.Ranks[mode], d = _model.Dims[mode];
        var target = result[..(r * r)];
        target.Clear();
        Bilinear(new Part(Kind.UnfoldingGram, _model.Layout["G"].Offset, 0, 0, mode, 0), theta, theta, 1, target);
        _model.EndFactors(theta, _factors);
        var u = _model.Tucker.Factor((ReadOnlySpan<double>)_factors, mode);
        Gemm.TN(r, r, d, -1, u, u, 1, target);
    }

    private void Add(string name, int mode, int column, int rows, int columns, Part left, Part right)
    {
        _blocks.Add(new InvariantBlock(name, mode, column, rows, columns, Size));
        _parts.Add((left, right));
        Size += rows * columns;
    }

    /// <summary>output += w·B(a, b) for the quadratic form of <paramref name="part"/>.</summary>
    private void Bilinear(Part part, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double w, Span<double> output)
    {
        switch (part.Kind)
        {
            case Kind.FrobeniusSquared:
            {
                int size = part.Rows * part.Columns;
                output[0] += w * TensorPrimitives.Dot(a.Slice(part.Offset, size), b.Slice(part.Offset, size));
                break;
            }
            case Kind.TransposeGram:
            {
                int size = part.Rows * part.Columns;
                Gemm.TN(part.Columns, part.Columns, part.Rows, w, a.Slice(part.Offset, size), b.Slice(part.Offset, size), 1, output);
                break;
            }
            case Kind.Gram:
            {
                int size = part.Rows * part.Columns;
                Gemm.NT(part.Rows, part.Rows, part.Columns, w, a.Slice(part.Offset, size), b.Slice(part.Offset, size), 1, output);
                break;
            }
            case Kind.ColumnOuter:
            {
                int rows = part.Rows, cols = part.Columns, i = part.Column;
                for (int x = 0; x < rows; x++)
                    for (int y = 0; y < rows; y++)
                        output[x * rows + y] += w * a[part.Offset + x * cols + i] * b[part.Offset + y * cols + i];
                break;
            }
            case Kind.SliceNormSquared:
            case Kind.UnfoldingGram:
            {
                var shape = _model.CoreShape;
                int r = shape[part.Mode], stride = shape.Strides[part.Mode], outer = shape.Size / (r * stride);
                var ga = a.Slice(part.Offset, shape.Size);
                var gb = b.Slice(part.Offset, shape.Size);
                for (int p = 0; p < outer; p++)
                {
                    var pa = ga.Slice(p * r * stride, r * stride);
                    var pb = gb.Slice(p * r * stride, r * stride);
                    if (part.Kind == Kind.UnfoldingGram)
                        Gemm.NT(r, r, stride, w, pa, pb, 1, output);
                    else
                        output[0] += w * TensorPrimitives.Dot(pa.Slice(part.Column * stride, stride), pb.Slice(part.Column * stride, stride));
                }
                break;
            }
        }
    }
}
