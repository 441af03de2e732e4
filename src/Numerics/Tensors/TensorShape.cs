namespace ImplicitReg.Numerics.Tensors;

/// <summary>
/// The shape of a dense tensor stored flat in C (row-major) order: the last index varies fastest, as in
/// NumPy and PyTorch, so a file written by either reads back with the same layout.
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly int[] _dims;
    private readonly int[] _strides;

    public TensorShape(params int[] dims)
    {
        if (dims.Length == 0) throw new ArgumentException("A tensor needs at least one mode.", nameof(dims));
        for (int n = 0; n < dims.Length; n++)
            if (dims[n] <= 0) throw new ArgumentException($"Mode {n + 1} has size {dims[n]}; every size must be positive.", nameof(dims));
        _dims = (int[])dims.Clone();
        _strides = new int[dims.Length];
        long size = 1;
        for (int n = dims.Length - 1; n >= 0; n--)
        {
            _strides[n] = (int)size;
            size *= dims[n];
            if (size > int.MaxValue) throw new ArgumentException($"A tensor of shape [{string.Join(", ", dims)}] has more than 2^31 entries.", nameof(dims));
        }
        Size = (int)size;
    }

    public int Order => _dims.Length;
    public int Size { get; }
    public IReadOnlyList<int> Dims => _dims;
    public IReadOnlyList<int> Strides => _strides;
    public int this[int mode] => _dims[mode];

    public int Linear(ReadOnlySpan<int> index)
    {
        if (index.Length != _dims.Length) throw new ArgumentException($"Index of order {index.Length} for a tensor of order {Order}.");
        int k = 0;
        for (int n = 0; n < index.Length; n++)
        {
            if ((uint)index[n] >= (uint)_dims[n]) throw new ArgumentOutOfRangeException(nameof(index), $"Index {index[n]} out of range 0..{_dims[n] - 1} in mode {n + 1}.");
            k += index[n] * _strides[n];
        }
        return k;
    }

    public void MultiIndex(int linear, Span<int> index)
    {
        for (int n = 0; n < _dims.Length; n++)
        {
            index[n] = linear / _strides[n];
            linear -= index[n] * _strides[n];
        }
    }

    public bool Equals(TensorShape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);
    public override bool Equals(object? obj) => obj is TensorShape s && Equals(s);
    public override int GetHashCode() => _dims.Aggregate(17, (h, d) => h * 31 + d);
    public override string ToString() => $"[{string.Join("×", _dims)}]";
}
