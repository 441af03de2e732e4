namespace ImplicitReg.Numerics.Training;

/// <summary>
/// A table of logged rows (row-major doubles) under named columns; <see cref="Recorder"/> puts k, τ and the
/// loss first. Appending copies into a buffer that grows by doubling, so a preallocated capacity makes
/// logging allocation-free.
/// </summary>
public sealed class Trajectory
{
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _index;
    private double[] _data;

    public Trajectory(IReadOnlyList<string> columns, int capacityRows = 64)
    {
        if (columns.Count == 0) throw new ArgumentException("A trajectory needs at least one column.", nameof(columns));
        _columns = [.. columns];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < _columns.Length; j++)
            if (!_index.TryAdd(_columns[j], j)) throw new ArgumentException($"Column '{_columns[j]}' appears twice.", nameof(columns));
        _data = new double[Math.Max(1, capacityRows) * _columns.Length];
    }

    public IReadOnlyList<string> Columns => _columns;
    public int RowCount { get; private set; }

    /// <summary>All rows, row-major (RowCount × Columns.Count).</summary>
    public ReadOnlySpan<double> Data => _data.AsSpan(0, RowCount * _columns.Length);

    public ReadOnlySpan<double> Row(int i) =>
        (uint)i < (uint)RowCount ? _data.AsSpan(i * _columns.Length, _columns.Length) : throw new ArgumentOutOfRangeException(nameof(i), i, $"The trajectory has {RowCount} rows.");

    public int ColumnIndex(string name) =>
        _index.TryGetValue(name, out var j) ? j : throw new KeyNotFoundException($"No column '{name}' (have: {string.Join(", ", _columns)}).");

    public double this[int row, string column] => Row(row)[ColumnIndex(column)];

    public double[] Column(string name)
    {
        int j = ColumnIndex(name);
        var values = new double[RowCount];
        for (int i = 0; i < RowCount; i++) values[i] = _data[i * _columns.Length + j];
        return values;
    }

    public void Add(ReadOnlySpan<double> row)
    {
        if (row.Length != _columns.Length) throw new ArgumentException($"A row has {_columns.Length} values, got {row.Length}.", nameof(row));
        int end = (RowCount + 1) * _columns.Length;
        if (end > _data.Length) Array.Resize(ref _data, Math.Max(end, 2 * _data.Length));
        row.CopyTo(_data.AsSpan(RowCount * _columns.Length));
        RowCount++;
    }

    /// <summary>Appends rows given row-major (e.g. from a checkpoint).</summary>
    public void AddRows(ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length % _columns.Length != 0)
            throw new ArgumentException($"{rowMajor.Length} values do not fill rows of {_columns.Length} columns.", nameof(rowMajor));
        for (int i = 0; i < rowMajor.Length; i += _columns.Length) Add(rowMajor.Slice(i, _columns.Length));
    }
}
