using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// theory.md DT-2.2: the HOSVD core 𝒞 = 𝒲 ×_1 V^(1)ᵀ ⋯ ×_N V^(N)ᵀ (V^(n) = left singular vectors of 𝒲_(n)) has slice norms
/// ‖𝒞^(n)_i‖_F = σ_i(𝒲_(n)); and the ground truth of §7.2 has the multilinear rank it was built with.
/// </summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class HosvdProperties
{
    [Property]
    public Property HosvdCoreSliceNormsAreModeSingularValues() =>
        Prop.ForAll(
            (from order in Gen.Choose(1, 3)
             from dims in Gen.ArrayOf(Gen.Choose(1, 4), order)
             from seed in Gen.Choose(0, 1_000_000)
             select (dims, seed)).ToArbitrary(),
            t => ImplicitReg.Numerics.Checks.DeepTensorFactorization.DT22_HosvdCoreSliceNormsCheck.RelativeDeviation(t.dims, t.seed) <= 1e-12);

    [Property(MaxTest = 30)]
    public Property GroundTruthHasItsMultilinearRank() =>
        Prop.ForAll(
            (from order in Gen.Choose(1, 3)
             from dims in Gen.ArrayOf(Gen.Choose(2, 5), order)
             from fractions in Gen.ArrayOf(Gen.Choose(1, 5), order)
             from seed in Gen.Choose(0, 1_000_000)
             select (dims, rank: dims.Zip(fractions, (d, f) => Math.Min(d, f)).ToArray(), seed)).ToArbitrary(),
            t =>
            {
                var truth = TuckerGroundTruth.Create(t.dims, t.rank, t.seed);
                var tucker = new TuckerFactorization(t.dims, t.rank);
                var factors = new double[tucker.FactorsSize];
                for (int n = 0; n < t.dims.Length; n++) truth.Factors[n].CopyTo(tucker.Factor(factors.AsSpan(), n));
                var rebuilt = new double[truth.Tensor.Length];
                tucker.End(truth.Core, factors, rebuilt);
                // Mode-n rank of a generic core: min(r_n, Π_{m≠n} r_m).
                var expected = t.rank.Select((r, n) => Math.Min(r, t.rank.Aggregate(1, (x, y) => x * y) / r)).ToArray();
                var measured = ModeUnfoldingSpectrum.MultilinearRank(truth.Tensor, truth.Shape, 1e-9);
                return truth.Tensor.Max(Math.Abs) == 1
                    && rebuilt.Zip(truth.Tensor, (x, y) => Math.Abs(x - y)).Max() < 1e-13
                    && measured.SequenceEqual(expected);
            });

    [Fact]
    public void CodeCountsUseTheCodesThresholds()
    {
        var shape = new TensorShape(3, 3);
        double[] diagonal = [20, 0, 0, 0, 2, 0, 0, 0, 0.5];
        Assert.Equal([3, 2, 1], ModeUnfoldingSpectrum.CodeCounts(diagonal, shape)[0]);
        Assert.Equal([0.1, 1, 10], ModeUnfoldingSpectrum.CodeThresholds);
    }
}
