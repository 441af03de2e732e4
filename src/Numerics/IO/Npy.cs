using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace ImplicitReg.Numerics.IO;

/// <summary>
/// NumPy .npy files (NEP 1 format): reads versions 1.0, 2.0 (and 3.0, whose header differs only in encoding),
/// writes 1.0 byte-for-byte as numpy.save does (header sorted by key, growth-axis spare spaces, 64-byte
/// alignment). Dtypes '&lt;f8' and '&lt;i8', C order, any shape including 0-d and empty arrays. Writes are atomic
/// (<see cref="AtomicFile"/>); every error names the file and what is wrong.
/// </summary>
public static class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Alignment = 64;
    private const int GrowthAxisMaxDigits = 21;

    public static void Write(string path, ReadOnlySpan<double> data, ReadOnlySpan<int> shape)
    {
        var header = Header(path, NpyDtype.Float64, shape, data.Length);
        var bytes = ToLittleEndian(MemoryMarshal.AsBytes(data));
        AtomicFile.Write(path, s => { s.Write(header); s.Write(bytes); });
    }

    public static void Write(string path, ReadOnlySpan<long> data, ReadOnlySpan<int> shape)
    {
        var header = Header(path, NpyDtype.Int64, shape, data.Length);
        var bytes = ToLittleEndian(MemoryMarshal.AsBytes(data));
        AtomicFile.Write(path, s => { s.Write(header); s.Write(bytes); });
    }

    /// <summary>A one-dimensional float64 array.</summary>
    public static void Write(string path, ReadOnlySpan<double> data) => Write(path, data, [data.Length]);

    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new NpyFormatException(path, "file not found"); }
        return Parse(bytes, path);
    }

    /// <summary>A float64 array of exactly <paramref name="expectedShape"/>.</summary>
    public static double[] ReadFloat64(string path, ReadOnlySpan<int> expectedShape)
    {
        var a = Expect(Read(path), path, NpyDtype.Float64);
        CheckShape(a, path, expectedShape);
        return a.Float64!;
    }

    /// <summary>A float64 array of any shape.</summary>
    public static double[] ReadFloat64(string path, out int[] shape)
    {
        var a = Expect(Read(path), path, NpyDtype.Float64);
        shape = a.Shape;
        return a.Float64!;
    }

    public static long[] ReadInt64(string path, ReadOnlySpan<int> expectedShape)
    {
        var a = Expect(Read(path), path, NpyDtype.Int64);
        CheckShape(a, path, expectedShape);
        return a.Int64!;
    }

    /// <summary>Parses the bytes of a .npy file; <paramref name="name"/> is used in error messages.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw new NpyFormatException(name, $"bad magic: a .npy file starts with \\x93NUMPY, this one with {Preview(bytes)}");
        if (bytes.Length < 10) throw new NpyFormatException(name, "truncated header: the file ends inside the preamble");
        int major = bytes[6], minor = bytes[7];
        int lengthField = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new NpyFormatException(name, $"unsupported format version {major}.{minor} (reads 1.0, 2.0, 3.0)"),
        };
        if (bytes.Length < 8 + lengthField) throw new NpyFormatException(name, "truncated header: the file ends inside the header length");
        long headerLength = lengthField == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        int start = 8 + lengthField;
        if (start + headerLength > bytes.Length)
            throw new NpyFormatException(name, $"truncated header: it declares {headerLength} bytes, the file has {bytes.Length - start} after the preamble");
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(start, (int)headerLength));
        var (dtype, shape) = ParseHeader(text, name);

        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > Array.MaxLength) throw new NpyFormatException(name, $"shape {NpyArray.FormatShape(shape)} has too many elements to load");
        }
        var data = bytes[(start + (int)headerLength)..];
        long needed = count * 8;
        if (data.Length < needed)
            throw new NpyFormatException(name, $"truncated data: shape {NpyArray.FormatShape(shape)} of '{NpyArray.Descr(dtype)}' needs {needed} bytes, the file has {data.Length} after the header");
        if (data.Length > needed)
            throw new NpyFormatException(name, $"{data.Length - needed} unexpected bytes after the {needed} data bytes of shape {NpyArray.FormatShape(shape)}");
        var payload = ToLittleEndian(data);
        return dtype == NpyDtype.Float64
            ? new NpyArray(shape, MemoryMarshal.Cast<byte, double>(payload).ToArray(), null)
            : new NpyArray(shape, null, MemoryMarshal.Cast<byte, long>(payload).ToArray());
    }

    private static (NpyDtype, int[]) ParseHeader(string text, string name)
    {
        Dictionary<string, object> dict;
        try
        {
            var parser = new PythonLiteral(text);
            dict = parser.ParseDictionary();
        }
        catch (FormatException e)
        {
            throw new NpyFormatException(name, $"malformed header {Quote(text)}: {e.Message}");
        }
        foreach (var key in new[] { "descr", "fortran_order", "shape" })
            if (!dict.ContainsKey(key)) throw new NpyFormatException(name, $"malformed header {Quote(text)}: no '{key}' key");
        if (dict.Keys.Count != 3)
            throw new NpyFormatException(name, $"malformed header {Quote(text)}: unexpected keys {string.Join(", ", dict.Keys.Except(["descr", "fortran_order", "shape"]))}");

        var dtype = dict["descr"] switch
        {
            "<f8" => NpyDtype.Float64,
            "<i8" => NpyDtype.Int64,
            string other => throw new NpyFormatException(name, $"unsupported dtype '{other}' (reads '<f8' float64 and '<i8' int64)"),
            _ => throw new NpyFormatException(name, "unsupported dtype: a structured descr (reads '<f8' float64 and '<i8' int64)"),
        };
        if (dict["fortran_order"] is not bool fortran) throw new NpyFormatException(name, "malformed header: 'fortran_order' is not True or False");
        if (fortran)
            throw new NpyFormatException(name, "fortran_order is True: only C-ordered arrays are supported (save np.ascontiguousarray(a))");
        if (dict["shape"] is not List<long> dims || dims.Any(d => d < 0 || d > int.MaxValue))
            throw new NpyFormatException(name, $"malformed header: 'shape' is not a tuple of non-negative integers in {Quote(text)}");
        return (dtype, dims.Select(d => (int)d).ToArray());
    }

    private static void CheckShape(NpyArray a, string path, ReadOnlySpan<int> expected)
    {
        if (!a.Shape.AsSpan().SequenceEqual(expected))
            throw new NpyFormatException(path, $"shape mismatch: the file holds {NpyArray.FormatShape(a.Shape)}, expected {NpyArray.FormatShape(expected)}");
    }

    private static NpyArray Expect(NpyArray a, string path, NpyDtype dtype) =>
        a.Dtype == dtype ? a : throw new NpyFormatException(path, $"dtype mismatch: the file holds '{NpyArray.Descr(a.Dtype)}', expected '{NpyArray.Descr(dtype)}'");

    private static byte[] Header(string path, NpyDtype dtype, ReadOnlySpan<int> shape, int count)
    {
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"{path}: negative dimension in shape {NpyArray.FormatShape(shape)}.");
            size *= d;
        }
        if (size != count)
            throw new ArgumentException($"{path}: shape {NpyArray.FormatShape(shape)} has {size} elements but {count} values were given.");
        var dict = $"{{'descr': '{NpyArray.Descr(dtype)}', 'fortran_order': False, 'shape': {NpyArray.FormatShape(shape)}, }}";
        if (shape.Length > 0) dict += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        int withNewline = dict.Length + 1;
        int pad = Alignment - (10 + withNewline) % Alignment;
        int headerLength = withNewline + pad;
        if (headerLength > ushort.MaxValue) throw new ArgumentException($"{path}: shape {NpyArray.FormatShape(shape)} needs a header longer than format 1.0 allows.");
        var header = new byte[10 + headerLength];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)headerLength);
        Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        header.AsSpan(10 + dict.Length, pad).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>The bytes as little-endian 8-byte words (a copy; byte-swapped on a big-endian host).</summary>
    private static byte[] ToLittleEndian(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i + 8 <= copy.Length; i += 8) copy.AsSpan(i, 8).Reverse();
        return copy;
    }

    private static string Preview(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 6)];
        return head.Length == 0 ? "nothing (empty file)" : string.Concat(head.ToArray().Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));
    }

    private static string Quote(string header) => $"\"{header.TrimEnd()}\"";
}
