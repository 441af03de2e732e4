using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ImplicitReg.Numerics.Data;

/// <summary>
/// Reader of IDX files (the MNIST format: bytes 0 0, element type, number of dimensions, then one big-endian
/// int32 per dimension, then the data), gzip-compressed or raw — detected from the gzip magic 1f 8b, not the name.
/// Only unsigned bytes (type 0x08) are read. Every error names the file and what is wrong: not gzip-decodable,
/// bad magic, another element type, truncated header or data, trailing bytes, a checksum that differs.
/// </summary>
public static class IdxFile
{
    public const int ImagesMagic = 0x0803;
    public const int LabelsMagic = 0x0801;
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads and validates <paramref name="path"/>; with <paramref name="sha256"/> (hex), the decompressed content must have it.</summary>
    public static IdxArray Read(string path, string? sha256 = null)
    {
        var content = ReadContent(path);
        if (sha256 is not null) VerifySha256(path, content, sha256);
        return Parse(content, path);
    }

    /// <summary>An image file (magic 0x0803): count × rows × columns.</summary>
    public static IdxArray ReadImages(string path, string? sha256 = null) => Expect(Read(path, sha256), ImagesMagic, "images");

    /// <summary>A label file (magic 0x0801): count.</summary>
    public static IdxArray ReadLabels(string path, string? sha256 = null) => Expect(Read(path, sha256), LabelsMagic, "labels");

    /// <summary>The file's bytes, decompressed when they start with the gzip magic.</summary>
    public static byte[] ReadContent(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new IdxFormatException(path, "file not found"); }
        catch (DirectoryNotFoundException) { throw new IdxFormatException(path, "file not found (no such directory)"); }
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream(bytes.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, $"starts with the gzip magic but does not decompress ({e.Message})");
        }
    }

    /// <summary>Parses decompressed IDX content; <paramref name="path"/> names it in errors.</summary>
    public static IdxArray Parse(byte[] content, string path)
    {
        if (content.Length < 4) throw new IdxFormatException(path, $"truncated: {content.Length} bytes, the IDX magic alone takes 4");
        if (content[0] != 0 || content[1] != 0)
            throw new IdxFormatException(path, $"bad magic {Hex(content.AsSpan(0, 4))}: an IDX file starts with two zero bytes");
        if (content[2] != UnsignedByte)
            throw new IdxFormatException(path, $"element type 0x{content[2]:X2}; only unsigned bytes (0x08) are supported");
        int order = content[3];
        if (order == 0) throw new IdxFormatException(path, "bad magic: zero dimensions");
        int header = 4 + 4 * order;
        if (content.Length < header)
            throw new IdxFormatException(path, $"truncated header: {content.Length} bytes, {order} dimensions need {header}");
        var dims = new int[order];
        long size = 1;
        for (int n = 0; n < order; n++)
        {
            dims[n] = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4 + 4 * n));
            if (dims[n] < 0) throw new IdxFormatException(path, $"dimension {n} is {dims[n]}");
            size *= dims[n];
            if (size > Array.MaxLength) throw new IdxFormatException(path, $"dimensions [{string.Join("×", dims[..(n + 1)])}…] exceed an array");
        }
        long data = content.Length - header;
        if (data < size)
            throw new IdxFormatException(path, $"truncated: dimensions [{string.Join("×", dims)}] need {size} data bytes, the file holds {data}");
        if (data > size)
            throw new IdxFormatException(path, $"{data - size} trailing bytes after the {size} data bytes of [{string.Join("×", dims)}]");
        return new IdxArray(path, (UnsignedByte << 8) | order, dims, content[header..]);
    }

    /// <summary>Throws unless sha256(<paramref name="content"/>) is <paramref name="expected"/> (hex, any case).</summary>
    public static void VerifySha256(string path, ReadOnlySpan<byte> content, string expected)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new IdxFormatException(path, $"sha256 of the decompressed content is {actual}, expected {expected.ToLowerInvariant()}");
    }

    private static IdxArray Expect(IdxArray a, int magic, string what) =>
        a.Magic == magic ? a : throw new IdxFormatException(a.Path, $"magic 0x{a.Magic:X4} ({a.Dims.Length} dimensions), an IDX {what} file has 0x{magic:X4}");

    private static string Hex(ReadOnlySpan<byte> bytes) => string.Join(" ", bytes.ToArray().Select(b => b.ToString("x2")));
}
