using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Properties.Numerics;

/// <summary>CSV tables give back every double bit for bit ("R" formatting) and quote odd column names.</summary>
public sealed class CsvTableTests
{
    [Fact]
    public void RoundTripsEveryDoubleAndQuotesNames()
    {
        var path = Path.Combine(Path.GetTempPath(), $"implicitreg-csv-{Guid.NewGuid():N}.csv");
        try
        {
            string[] columns = ["k", "a,b", "say \"hi\""];
            double[] rows = [0, Math.PI, -0.0, 1, double.NaN, double.PositiveInfinity, 2, double.Epsilon, 0.1 + 0.2];
            CsvTable.Write(path, columns, rows);
            Assert.StartsWith("k,\"a,b\",\"say \"\"hi\"\"\"\n0,3.141592653589793,-0\n", File.ReadAllText(path));
            var (readColumns, readRows) = CsvTable.Read(path);
            Assert.Equal(columns, readColumns);
            Assert.Equal(rows.Select(BitConverter.DoubleToInt64Bits), readRows.Select(BitConverter.DoubleToInt64Bits));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
