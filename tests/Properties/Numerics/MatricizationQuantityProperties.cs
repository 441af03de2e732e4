using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// The recorded quantity <c>matricization-singular-values:K:MODES</c> (theory.md §6.1, §1.1; RMC22 evaluator "mat_…_sing_val_i"):
/// the top K singular values of ⟦𝒲⟧_MODES of the model's end tensor, zero-padded, against a reference unfolding written
/// entry by entry from the definition (rows = the listed modes in increasing order, C order on both sides).
/// </summary>
public class MatricizationQuantityProperties
{
    /// <summary>A random HTF, a random non-empty proper subset of its modes (as a spec's mode list, shuffled) and K.</summary>
    private static Arbitrary<(HtfCase Case, int[] Modes, int K)> Instances =>
        (from c in HtfArbitraries.Case(2, 4, 1, 3, 3)
         from mask in Gen.Choose(1, (1 << c.Model.Tree.Order) - 2)
         from k in Gen.Choose(1, 12)
         select (c, Enumerable.Range(0, c.Model.Tree.Order).Where(n => (mask >> n & 1) == 1).Reverse().ToArray(), k)).ToArbitrary();

    /// <summary>⟦𝒲⟧ by the definition: entry (i_1…i_N) goes to row (i_n)_{n ∈ rows}, column (i_n)_{n ∉ rows}, both mixed-radix, last mode fastest.</summary>
    private static double[] ReferenceSingularValues(IReadOnlyList<int> dims, double[] tensor, int[] rowModes)
    {
        var rows = Enumerable.Range(0, dims.Count).Where(rowModes.Contains).ToArray();
        var cols = Enumerable.Range(0, dims.Count).Where(n => !rowModes.Contains(n)).ToArray();
        int m = rows.Aggregate(1, (p, n) => p * dims[n]), w = cols.Aggregate(1, (p, n) => p * dims[n]);
        var matrix = new double[m * w];
        var index = new int[dims.Count];
        for (int linear = 0; linear < tensor.Length; linear++)
        {
            for (int n = dims.Count - 1, rest = linear; n >= 0; n--)
            {
                index[n] = rest % dims[n];
                rest /= dims[n];
            }
            int i = rows.Aggregate(0, (acc, n) => acc * dims[n] + index[n]);
            int j = cols.Aggregate(0, (acc, n) => acc * dims[n] + index[n]);
            matrix[i * w + j] = tensor[linear];
        }
        return MatrixSpectrum.SingularValues(matrix, m, w);
    }

    [Property(MaxTest = 60, Replay = Seeds.Replay)]
    public Property RecordsTheTopKSingularValuesOfTheMatricizationZeroPadded() =>
        Prop.ForAll(Instances, x =>
        {
            var (c, modes, k) = x;
            var model = c.Model;
            var theta = new double[model.Layout.Size];
            new Gaussian(c.Seed).Fill(theta, 1);
            var end = new double[model.EndShape.Size];
            model.End(theta, end);
            var expected = ReferenceSingularValues(model.Dims, end, modes);
            var quantity = QuantityCatalog.Create($"matricization-singular-values:{k}:{string.Join(",", modes)}", model, end, []);
            var values = new double[k];
            quantity.Evaluate(theta, null!, values);
            bool same = Enumerable.Range(0, k).All(i => Numerically.Close(values[i], i < expected.Length ? expected[i] : 0, 1e-10 * Math.Max(1, expected[0])));
            bool named = quantity.Columns.SequenceEqual(Enumerable.Range(1, k).Select(i => $"mat{{{string.Join(",", modes.Order())}}}_{i}"));
            return (same && named).Label($"{c}, modes {string.Join(",", modes)}, K = {k}: recorded [{string.Join(", ", values)}] vs [{string.Join(", ", expected)}]; columns {string.Join(" ", quantity.Columns)}");
        });

    [Theory]
    [InlineData("matricization-singular-values:10", "write matricization-singular-values:K:MODES")]
    [InlineData("matricization-singular-values:0:0,1", "K ≥ 1")]
    [InlineData("matricization-singular-values:3:0,4", "mode '4' is not one of the modes 0…3")]
    [InlineData("matricization-singular-values:3:0,x", "mode 'x' is not one of the modes 0…3")]
    [InlineData("matricization-singular-values:3:1,1", "mode 1 is listed twice")]
    [InlineData("matricization-singular-values:3:0,1,2,3", "must leave at least one column mode")]
    public void AMalformedSpecNamesWhatIsWrong(string spec, string message)
    {
        var model = HierarchicalTensorFactorization.Checkerboard(4, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => QuantityCatalog.Create(spec, model, new double[16], []));
        Assert.Contains(message, error.Message);
    }
}
