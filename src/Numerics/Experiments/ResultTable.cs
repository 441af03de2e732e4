namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// A table of an experiment's key numbers (e.g. MF-E1's error per depth, observations, learning rate and init
/// scale), written as NAME.csv and NAME.npy beside the figures. Cells are doubles; <see cref="Labels"/> optionally
/// names each row (written as a first CSV column "run").
/// </summary>
public sealed record ResultTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<double[]> Rows, IReadOnlyList<string>? Labels = null)
{
    public ResultTable Validate()
    {
        foreach (var row in Rows)
            if (row.Length != Columns.Count) throw new ArgumentException($"table '{Name}': a row has {row.Length} cells for {Columns.Count} columns.");
        if (Labels is not null && Labels.Count != Rows.Count) throw new ArgumentException($"table '{Name}': {Labels.Count} labels for {Rows.Count} rows.");
        return this;
    }
}
