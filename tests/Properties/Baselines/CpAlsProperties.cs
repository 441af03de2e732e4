using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Baselines;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Baselines;

/// <summary>A dense Gaussian tensor (any CP rank) and an ALS rank and seed.</summary>
public sealed record AlsCase(int[] Dims, int Rank, int Seed)
{
    public double[] Tensor { get; } = Draw(Dims, Seed);

    private static double[] Draw(int[] dims, int seed)
    {
        var t = new double[dims.Aggregate(1, (a, b) => a * b)];
        new Gaussian(seed + 1).Fill(t, 1);
        return t;
    }

    public override string ToString() => $"[{string.Join("×", Dims)}] Gaussian tensor, R = {Rank}, seed {Seed}";
}

/// <summary>CP-ALS (theory.md §8.1 D) as a least-squares method: what it reports is what its factors reconstruct, and each sweep can only lower the fit error.</summary>
[Properties(MaxTest = 40, Replay = Seeds.Replay)]
public class CpAlsProperties
{
    private static Arbitrary<AlsCase> Cases() => CpShapes.Of(1, 4, 1, 5, 6).Select(s => new AlsCase(s.Dims, s.Rank, s.Seed)).ToArbitrary();

    [Property(DisplayName = "CP-ALS: the fit's θ, through CpFactorization.End, reconstructs a tensor at exactly the reported MSE")]
    public Property ThetaReconstructsTheReportedFit() =>
        Prop.ForAll(Cases(), c =>
        {
            var fit = CpAls.Fit(c.Tensor, c.Dims, c.Rank, c.Seed, maxSweeps: 15);
            var model = new CpFactorization(c.Dims, c.Rank);
            var end = new double[c.Tensor.Length];
            model.End(fit.Theta, end);
            double mse = c.Tensor.Zip(end, (a, b) => (a - b) * (a - b)).Sum() / end.Length;
            return (fit.Theta.Length == model.Layout.Size && Math.Abs(mse - fit.Mse) <= 1e-10 * Math.Max(1e-3, mse))
                .Label($"{c}: reported {fit.Mse:E6}, reconstructed {mse:E6}");
        });

    [Property(DisplayName = "CP-ALS: the MSE never increases from sweep to sweep (each mode update is an exact least-squares solve)")]
    public Property MseIsNonIncreasing() =>
        Prop.ForAll(Cases(), c =>
        {
            var fit = CpAls.Fit(c.Tensor, c.Dims, c.Rank, c.Seed, maxSweeps: 30);
            var t = fit.MseTrajectory;
            int bad = Enumerable.Range(1, Math.Max(0, t.Length - 1)).FirstOrDefault(k => t[k] > t[k - 1] * (1 + 1e-9) + 1e-14, -1);
            bool shape = t.Length == fit.Sweeps && (fit.Converged ? t[^1] < 1e-6 : fit.Sweeps == 30);
            return (bad < 0 && shape).Label($"{c}: {fit}; {(bad < 0 ? "" : $"sweep {bad + 1}: {t[bad - 1]:E6} → {t[bad]:E6}")}");
        });

    [Fact(DisplayName = "CP-ALS is deterministic: the same seed gives bit-identical factors, another seed other factors")]
    public void FitsAreBitIdenticalForOneSeed()
    {
        var tensor = GroundTruth.CpTensor([5, 4, 6], 3, 9);
        var a = CpAls.Fit(tensor, [5, 4, 6], 4, seed: 21, maxSweeps: 50);
        var b = CpAls.Fit(tensor, [5, 4, 6], 4, seed: 21, maxSweeps: 50);
        var other = CpAls.Fit(tensor, [5, 4, 6], 4, seed: 22, maxSweeps: 50);
        Assert.Equal(a.Theta, b.Theta);
        Assert.Equal(a.MseTrajectory, b.MseTrajectory);
        Assert.NotEqual(a.Theta, other.Theta);
    }

    [Fact(DisplayName = "CP-ALS allocates nothing per sweep (order 4, R = 40)")]
    public void SweepsAllocateNothing()
    {
        var tensor = GroundTruth.CpTensor([8, 8, 8, 8], 2, 3);
        var workspace = new CpAls.Workspace(tensor, [8, 8, 8, 8], 40);
        workspace.Initialize(1);
        workspace.Sweep();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10; k++) workspace.Sweep();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact(DisplayName = "CP-ALS with R = rank fits NN-E2's 8⁴ rank-3 target below 10⁻⁶, and a vector (order 1) in one sweep")]
    public void FitsExactTensors()
    {
        var tensor = GroundTruth.CpTensor([8, 8, 8, 8], 3, 11);
        var fit = CpAls.Fit(tensor, [8, 8, 8, 8], 3, seed: 1);
        Assert.True(fit.Converged && fit.Mse < 1e-6, fit.ToString());
        var vector = CpAls.Fit([1, -2, 3], [3], 2, seed: 1);
        Assert.True(vector.Converged && vector.Sweeps == 1, vector.ToString());
        Assert.Equal(1, CpRank.Estimate([1, -2, 3], [3]).Rank);
    }
}
