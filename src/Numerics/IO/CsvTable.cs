using System.Globalization;
using System.Text;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.IO;

/// <summary>
/// A numeric table as RFC 4180 CSV: one header line of column names, then one line per row, numbers in the
/// invariant culture with round-trip ("R") formatting, so parsing gives back the same doubles bit for bit.
/// Written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class CsvTable
{
    public static void Write(string path, IReadOnlyList<string> columns, ReadOnlySpan<double> rowMajor)
    {
        if (columns.Count == 0) throw new ArgumentException($"{path}: a table needs at least one column.");
        if (rowMajor.Length % columns.Count != 0)
            throw new ArgumentException($"{path}: {rowMajor.Length} values do not fill rows of {columns.Count} columns.");
        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(Quote)).Append('\n');
        for (int i = 0; i < rowMajor.Length; i += columns.Count)
        {
            for (int j = 0; j < columns.Count; j++)
            {
                if (j > 0) text.Append(',');
                text.Append(rowMajor[i + j].ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>A trajectory's columns (k, tau, loss, quantities …) and rows.</summary>
    public static void Write(string path, Trajectory trajectory) => Write(path, trajectory.Columns, trajectory.Data);

    /// <summary>Reads a table written by <see cref="Write"/>: column names and the row-major values.</summary>
    public static (string[] Columns, double[] RowMajor) Read(string path)
    {
        var lines = File.ReadAllText(path).Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count == 0) throw new FormatException($"{path}: empty file, no header line.");
        var columns = SplitHeader(lines[0], path);
        var values = new List<double>();
        for (int i = 1; i < count; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != columns.Length)
                throw new FormatException($"{path}: line {i + 1} has {cells.Length} cells, the header has {columns.Length} columns.");
            foreach (var cell in cells)
                values.Add(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new FormatException($"{path}: line {i + 1}: '{cell}' is not a number."));
        }
        return (columns, values.ToArray());
    }

    private static string Quote(string name) =>
        name.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{name.Replace("\"", "\"\"")}\"" : name;

    private static string[] SplitHeader(string line, string path)
    {
        var names = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { names.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        if (quoted) throw new FormatException($"{path}: unterminated quote in the header line.");
        names.Add(cell.ToString());
        return [.. names];
    }
}
