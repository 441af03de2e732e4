using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Baselines;

/// <summary>
/// A matrix completion instance: W* = UVᵀ (Gaussian, rank r, ‖W*‖_F = √(mn), entry RMS 1, ACHL19's normalization) and a
/// uniformly random observed set of the given size; the target and the set use independent seeds.
/// </summary>
public sealed record CompletionInstance(int Rows, int Cols, int Rank, int Observed, int Seed)
{
    public double[] Target { get; } = LowRankGroundTruth.Matrix(Rows, Cols, Rank, Seed, Math.Sqrt(Rows * Cols));

    public int[] Omega { get; } = Observations.Sample(new TensorShape(Rows, Cols), Observed, Seed + 1_000_003).Train;

    public double[] Values => Omega.Select(i => Target[i]).ToArray();

    public double TargetNuclearNorm => MatrixSpectrum.SingularValues(Target, Rows, Cols).Sum();

    public override string ToString() => $"{Rows}×{Cols} rank {Rank}, {Observed} observed, seed {Seed}";
}

public static class CompletionInstances
{
    private static Gen<int> Seed => Gen.Choose(0, 1_000_000);

    /// <summary>
    /// The classic recovery regime: rank 1 at 20–30 rows/columns, rank 2 at 30–40, 70% observed. (Smaller sizes are not:
    /// at 10–20 rows and rank 1, 15 of 200 random instances have a nuclear-norm minimizer other than W*, certified.)
    /// </summary>
    public static Gen<CompletionInstance> Recoverable =>
        from rank in Gen.Choose(1, 2)
         from rows in Gen.Choose(10 + 10 * rank, 20 + 10 * rank)
         from cols in Gen.Choose(10 + 10 * rank, 20 + 10 * rank)
         from seed in Seed
         select new CompletionInstance(rows, cols, rank, (int)(0.7 * rows * cols), seed);

    /// <summary>Any regime: 3–14 rows/columns, rank 1–3, 20–90% observed (recovery or not).</summary>
    public static Arbitrary<CompletionInstance> Any() =>
        (from rows in Gen.Choose(3, 14)
         from cols in Gen.Choose(3, 14)
         from rank in Gen.Choose(1, Math.Min(3, Math.Min(rows, cols)))
         from percent in Gen.Choose(20, 90)
         from seed in Seed
         select new CompletionInstance(rows, cols, rank, Math.Max(1, rows * cols * percent / 100), seed)).ToArbitrary();
}
