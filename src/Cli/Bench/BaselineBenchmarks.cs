using System.Diagnostics;
using System.Globalization;
using ImplicitReg.Numerics.Baselines;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Cli.Bench;

/// <summary>
/// The reproductions' baselines on their paper instances, single-threaded: the nuclear-norm minimizer of MF-E2
/// (theory.md §3.2: 100×100, rank 5, ‖W*‖_F = 100, 2000 and 5000 observed entries) with its certificate, errors and time,
/// and RC20's CP-rank estimate (§4.2 NN-E2: 8×8×8 and 8⁴ targets of CP rank 1 and 3, and the "linear" baseline's tensors).
/// </summary>
public static class BaselineBenchmarks
{
    public static int Run(TextWriter output, bool quick)
    {
        var c = CultureInfo.InvariantCulture;
        const int n = 100, rank = 5;
        var target = LowRankGroundTruth.Matrix(n, n, rank, 1, n);
        double targetNuclear = MatrixSpectrum.SingularValues(target, n, n).Sum();
        double targetErank = EffectiveRank.Achl19(MatrixSpectrum.SingularValues(target, n, n));
        output.WriteLine(string.Create(c, $"MF-E2 nuclear-norm baseline: min ‖X‖_* s.t. |X_Ω − y| ≤ δ, 100×100 rank-5 W* (seed 1, ‖W*‖_F = 100, ‖W*‖_* = {targetNuclear:F4}, erank {targetErank:F4}), Ω seed 2"));
        output.WriteLine($"{"obs",5}  {"δ",6}  {"method",-9}  {"iters",5}  {"time s",7}  {"‖X‖_*",10}  {"dual bound",10}  {"gap",8}  {"viol",8}  {"point",-8}  {"rank",4}  {"‖X−W*‖/‖W*‖",12}  {"reconst err",11}  {"erank",7}");
        var methods = quick ? new[] { ShrinkageMethod.GramEigen } : [ShrinkageMethod.GramEigen, ShrinkageMethod.Svd];
        foreach (int observed in new[] { 2000, 5000 })
        {
            var omega = Observations.Sample(new TensorShape(n, n), observed, 2).Train;
            var y = omega.Select(i => target[i]).ToArray();
            foreach (double delta in new[] { 1e-3, 0 })
                foreach (var method in methods)
                {
                    var clock = Stopwatch.StartNew();
                    var s = NuclearNormCompletion.Solve(n, n, omega, y, new NuclearNormOptions { Delta = delta, Shrinkage = method });
                    double seconds = clock.Elapsed.TotalSeconds;
                    output.WriteLine(string.Create(c,
                        $"{observed,5}  {delta,6:G3}  {method,-9}  {s.Iterations,5}  {seconds,7:F2}  {s.NuclearNorm,10:F4}  {s.DualBound,10:F4}  {s.RelativeGap,8:E1}  {s.MaxViolation,8:E1}  {(s.Rounded ? "rounded" : "low-rank"),-8}  {s.Rank,4}  " +
                        $"{ReconstructionError.Normalized(s.X, target),12:E3}  {ReconstructionError.MeanSquared(s.X, target),11:E3}  {EffectiveRank.Achl19(s.SingularValues),7:F4}{(s.Converged ? "" : "  NOT CONVERGED")}"));
                }
        }
        output.WriteLine("point: rounded = the low-rank ADMM iterate with its Ω entries clamped into the box (feasible); rank = that iterate's rank.");
        output.WriteLine();

        output.WriteLine("NN-E2 CP-rank estimate (RC20: CP-ALS ≤ 1000 sweeps, MSE < 1e-6, binary search over [1, Π D / max D], one run per probe, seed 0)");
        output.WriteLine($"{"tensor",-46}  {"estimate",8}  {"probes",6}  {"sweeps",6}  {"time s",7}");
        foreach (int order in new[] { 3, 4 })
        {
            var dims = Enumerable.Repeat(8, order).ToArray();
            var shape = new TensorShape(dims);
            foreach (int r in new[] { 1, 3 })
            {
                var tensor = GroundTruth.CpTensor(dims, r, 11);
                Estimate(output, $"8^{order} CP rank {r} (seed 11)", tensor, dims);
                foreach (int m in order == 3 ? new[] { 100, 300 } : quick ? [1000] : [1000, 3000])
                {
                    var split = Observations.Sample(shape, m, 12).Train;
                    var linear = LinearCompletionBaseline.Complete(shape, split, split.Select(i => tensor[i]).ToArray());
                    Estimate(output, $"  linear baseline from {m} of its entries", linear, dims);
                }
            }
        }
        return 0;
    }

    private static void Estimate(TextWriter output, string name, double[] tensor, int[] dims)
    {
        var clock = Stopwatch.StartNew();
        var e = CpRank.Estimate(tensor, dims);
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-46}  {e.Rank,8}  {e.Probes.Count,6}  {e.Probes.Sum(p => p.Sweeps),6}  {seconds,7:F2}"));
    }
}
