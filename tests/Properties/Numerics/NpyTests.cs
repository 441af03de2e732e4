using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// .npy round trips for random shapes and dtypes, and files made by real NumPy 1.24.2
/// (numpy.lib.format.write_array; base64 below): read as written, and our writer reproduces numpy.save byte for byte.
/// </summary>
public sealed class NpyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Save(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // np.array([[1.5, -2.0, np.pi], [0.0, -0.0, 1e-300]]), format 1.0 (= np.save)
    private const string Float64V1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAADAGC1EVPshCUAAAAAAAAAAAAAAAAAAAACAWfP4wh9upQE=";
    // np.arange(-3, 9, dtype='<i8').reshape(2, 3, 2), format 2.0
    private const string Int64V2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8aTgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMywgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr9//////////7///////////////////8AAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAAGAAAAAAAAAAcAAAAAAAAACAAAAAAAAAA=";
    // np.array(7.25), format 1.0
    private const string ScalarV1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAdQA==";
    // np.zeros((0, 3)), format 1.0
    private const string EmptyV1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";
    // np.array([1.0, 2.0, 3.0]), format 1.0
    private const string VectorV1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABAAAAAAAAACEA=";
    // np.save of np.asfortranarray of the Float64V1 array
    private const string FortranV1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAAAAAAAAAAAAAMAAAAAAAAAAgBgtRFT7IQlAWfP4wh9upQE=";
    // np.save of the Float64V1 array as '>f4'
    private const string BigEndianF4V1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/wAAAwAAAAEBJD9sAAAAAgAAAAAAAAAA=";

    private static readonly double[] Float64Values = [1.5, -2.0, Math.PI, 0.0, -0.0, 1e-300];

    [Fact]
    public void ReadsFilesWrittenByNumPy()
    {
        var a = Npy.Read(Save("a.npy", Convert.FromBase64String(Float64V1)));
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(NpyDtype.Float64, a.Dtype);
        Assert.Equal(Float64Values.Select(BitConverter.DoubleToInt64Bits), a.Float64!.Select(BitConverter.DoubleToInt64Bits));

        var b = Npy.Read(Save("b.npy", Convert.FromBase64String(Int64V2)));
        Assert.Equal([2, 3, 2], b.Shape);
        Assert.Equal(Enumerable.Range(-3, 12).Select(i => (long)i), b.Int64!);

        var c = Npy.Read(Save("c.npy", Convert.FromBase64String(ScalarV1)));
        Assert.Empty(c.Shape);
        Assert.Equal([7.25], c.Float64!);

        var d = Npy.Read(Save("d.npy", Convert.FromBase64String(EmptyV1)));
        Assert.Equal([0, 3], d.Shape);
        Assert.Empty(d.Float64!);

        Assert.Equal([1.0, 2.0, 3.0], Npy.ReadFloat64(Save("e.npy", Convert.FromBase64String(VectorV1)), [3]));
    }

    [Fact]
    public void WritesWhatNumPySaveWrites()
    {
        Npy.Write(PathOf("a.npy"), Float64Values, [2, 3]);
        Assert.Equal(Convert.FromBase64String(Float64V1), File.ReadAllBytes(PathOf("a.npy")));
        Npy.Write(PathOf("s.npy"), [7.25], ReadOnlySpan<int>.Empty);
        Assert.Equal(Convert.FromBase64String(ScalarV1), File.ReadAllBytes(PathOf("s.npy")));
        Npy.Write(PathOf("z.npy"), ReadOnlySpan<double>.Empty, [0, 3]);
        Assert.Equal(Convert.FromBase64String(EmptyV1), File.ReadAllBytes(PathOf("z.npy")));
        Npy.Write(PathOf("v.npy"), [1.0, 2.0, 3.0]);
        Assert.Equal(Convert.FromBase64String(VectorV1), File.ReadAllBytes(PathOf("v.npy")));
    }

    private void AssertRejects(string file, byte[] bytes, string problem, Func<string, object>? read = null)
    {
        var path = Save(file, bytes);
        var e = Assert.Throws<NpyFormatException>(() => (read ?? (p => Npy.Read(p)))(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void MalformedFilesAreRejectedNamingFileAndProblem()
    {
        var good = Convert.FromBase64String(Float64V1);
        AssertRejects("magic.npy", "PK\x03\x04 not numpy"u8.ToArray(), "bad magic");
        AssertRejects("empty.npy", [], "bad magic");
        AssertRejects("f4.npy", Convert.FromBase64String(BigEndianF4V1), "unsupported dtype '>f4'");
        AssertRejects("fortran.npy", Convert.FromBase64String(FortranV1), "fortran_order is True");
        AssertRejects("truncated.npy", good[..^5], "truncated data");
        AssertRejects("header.npy", good[..40], "truncated header");
        AssertRejects("trailing.npy", [.. good, 0], "1 unexpected bytes");
        var v9 = (byte[])good.Clone();
        v9[6] = 9;
        AssertRejects("version.npy", v9, "unsupported format version 9.0");
        var garbled = (byte[])good.Clone();
        garbled[10] = (byte)'[';
        AssertRejects("garbled.npy", garbled, "malformed header");
        AssertRejects("shape.npy", good, "shape mismatch: the file holds (2, 3), expected (3, 2)", p => Npy.ReadFloat64(p, [3, 2]));
        AssertRejects("dtype.npy", good, "dtype mismatch", p => Npy.ReadInt64(p, [2, 3]));
        Assert.Throws<ArgumentException>(() => Npy.Write(PathOf("bad.npy"), [1.0, 2.0], [3]));
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporaries()
    {
        var path = PathOf("keep.npy");
        Npy.Write(path, [1.0, 2.0]);
        var before = File.ReadAllBytes(path);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            throw new InvalidOperationException("crash mid-write");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["keep.npy"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}

public sealed record NpyCase(int[] Shape, bool Int64, long[] Bits);

public static class NpyArbitraries
{
    public static Arbitrary<NpyCase> Cases() =>
        (from rank in Gen.Choose(0, 4)
         from shape in Gen.ArrayOf(Gen.Choose(0, 4), rank)
         from int64 in Gen.Elements(false, true)
         from bits in Gen.ArrayOf(ArbMap.Default.GeneratorFor<long>(), shape.Aggregate(1, (a, b) => a * b))
         select new NpyCase(shape, int64, bits)).ToArbitrary();
}

/// <summary>Write then read gives back shape, dtype and every bit (NaN payloads, −0, subnormals included).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay, Arbitrary = [typeof(NpyArbitraries)])]
public class NpyRoundTripProperties
{
    [Property]
    public bool NpyRoundTripsShapeDtypeAndBits(NpyCase c)
    {
        var path = Path.Combine(Path.GetTempPath(), $"implicitreg-npy-{Guid.NewGuid():N}.npy");
        try
        {
            if (c.Int64) Npy.Write(path, c.Bits, c.Shape);
            else Npy.Write(path, c.Bits.Select(BitConverter.Int64BitsToDouble).ToArray(), c.Shape);
            var a = Npy.Read(path);
            var bits = c.Int64 ? a.Int64! : a.Float64!.Select(BitConverter.DoubleToInt64Bits).ToArray();
            return a.Shape.SequenceEqual(c.Shape) && a.Dtype == (c.Int64 ? NpyDtype.Int64 : NpyDtype.Float64) && bits.SequenceEqual(c.Bits);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
