using ImplicitReg.Numerics.Baselines;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Baselines;

/// <summary>Worked instances, input errors and determinism of <see cref="NuclearNormCompletion"/>.</summary>
public class NuclearNormCompletionTests
{
    private static readonly CompletionInstance Rectangular = new(9, 14, 2, 90, 17);

    [Fact(DisplayName = "Nuclear-norm baseline completes RC20's (* 1; 1 0) with w₁₁ = 0 and ‖X‖_* = 2 (‖X‖_* = √(w₁₁² + 2 + 2) is least at 0)")]
    public void CompletesRc20CanonicalInstanceWithZero()
    {
        var s = NuclearNormCompletion.Solve(2, 2, [1, 2, 3], [1, 1, 0], new NuclearNormOptions { Delta = 0, GapTolerance = 1e-9 });
        Assert.True(s.Converged, s.ToString());
        Assert.Equal(2, s.NuclearNorm, 1e-8);
        Assert.Equal(0, s.X[0], 1e-6);
    }

    [Fact(DisplayName = "Nuclear-norm baseline completes RC20's perturbed (* −2; 0.5 ε) at the brute-force minimum (ε = 0.1)")]
    public void CompletesRc20PerturbedInstanceAtTheBruteForceMinimum()
    {
        int[] omega = [1, 2, 3];
        double[] y = [-2, 0.5, 0.1];
        var s = NuclearNormCompletion.Solve(2, 2, omega, y, new NuclearNormOptions { Delta = 0, GapTolerance = 1e-9 });
        Assert.True(s.Converged, s.ToString());
        Assert.Equal(BruteForceNuclearNorm.Minimum(2, 2, omega, y), s.NuclearNorm, 1e-7);
    }

    [Fact(DisplayName = "Nuclear-norm baseline on MF-E2 (100×100, rank 5, δ = 0): fails from 2000 entries (error > 10%), recovers W* from 5000 (error < 10⁻⁴), as ACHL19 report")]
    public void FailsAtTwoThousandAndRecoversAtFiveThousandObservations()
    {
        var target = LowRankGroundTruth.Matrix(100, 100, 5, 1, 100);
        double Error(int observed)
        {
            var omega = Observations.Sample(new TensorShape(100, 100), observed, 2).Train;
            var s = NuclearNormCompletion.Solve(100, 100, omega, omega.Select(i => target[i]).ToArray(), new NuclearNormOptions { Delta = 0 });
            Assert.True(s.Converged, s.ToString());
            return ReconstructionError.Normalized(s.X, target);
        }
        double few = Error(2000), many = Error(5000);
        Assert.True(few > 0.1 && many < 1e-4, $"relative errors {few:E2} (2000), {many:E2} (5000)");
    }

    [Fact(DisplayName = "Nuclear-norm baseline: X = 0 when every observation lies within δ of 0 (certificate M = 0)")]
    public void ZeroIsTheSolutionWhenFeasible()
    {
        var s = NuclearNormCompletion.Solve(3, 4, [0, 5, 11], [1e-4, -5e-4, 0], NuclearNormOptions.Achl19);
        Assert.True(s.Converged);
        Assert.Equal(0, s.Iterations);
        Assert.All(s.X, v => Assert.Equal(0, v));
        Assert.Equal(0, s.NuclearNorm);
        var empty = NuclearNormCompletion.Solve(3, 4, [], []);
        Assert.True(empty.Converged);
        Assert.Equal(0, empty.NuclearNorm);
    }

    [Fact(DisplayName = "Nuclear-norm baseline is deterministic: two solves are bit-identical")]
    public void SolvesAreBitIdentical()
    {
        var c = Rectangular;
        var a = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values);
        var b = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values);
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Dual, b.Dual);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.NuclearNorm, b.NuclearNorm);
    }

    [Fact(DisplayName = "Nuclear-norm baseline: Gram-eigen and SVD thresholding reach the same optimum (wide and tall matrices)")]
    public void ShrinkageMethodsAgree()
    {
        foreach (var c in new[] { Rectangular, new CompletionInstance(14, 9, 2, 90, 18) })
        {
            var options = new NuclearNormOptions { Delta = 0, GapTolerance = 1e-8 };
            var gram = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, options);
            var svd = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, options with { Shrinkage = ShrinkageMethod.Svd });
            Assert.True(gram.Converged && svd.Converged, $"{gram} / {svd}");
            Assert.Equal(svd.NuclearNorm, gram.NuclearNorm, 1e-6 * svd.NuclearNorm);
        }
    }

    [Fact(DisplayName = "Nuclear-norm baseline reports an unconverged run at the iteration cap with its certificate")]
    public void IterationCapIsReported()
    {
        var c = Rectangular;
        var s = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, new NuclearNormOptions { MaxIterations = 3 });
        Assert.False(s.Converged);
        Assert.Equal(3, s.Iterations);
        Assert.True(s.RelativeGap > NuclearNormOptions.Achl19.GapTolerance || s.MaxViolation > NuclearNormOptions.Achl19.FeasibilityTolerance, s.ToString());
        Assert.True(double.IsFinite(s.DualBound) && s.DualBound <= c.TargetNuclearNorm, s.ToString());
    }

    public static TheoryData<string, Action> BadInputs => new()
    {
        { "observedLinearIndices", () => NuclearNormCompletion.Solve(2, 3, [0, 6], [1, 2]) },
        { "observedLinearIndices", () => NuclearNormCompletion.Solve(2, 3, [0, -1], [1, 2]) },
        { "observedLinearIndices", () => NuclearNormCompletion.Solve(2, 3, [4, 1, 4], [1, 2, 3]) },
        { "values", () => NuclearNormCompletion.Solve(2, 3, [0, 1], [1]) },
        { "values", () => NuclearNormCompletion.Solve(2, 3, [0, 1], [1, double.NaN]) },
        { "rows", () => NuclearNormCompletion.Solve(0, 3, [], []) },
        { "cols", () => NuclearNormCompletion.Solve(2, -1, [], []) },
        { "options.Delta", () => NuclearNormCompletion.Solve(2, 3, [0], [1], new NuclearNormOptions { Delta = -1e-3 }) },
        { "options.GapTolerance", () => NuclearNormCompletion.Solve(2, 3, [0], [1], new NuclearNormOptions { GapTolerance = 0 }) },
        { "options.MaxIterations", () => NuclearNormCompletion.Solve(2, 3, [0], [1], new NuclearNormOptions { MaxIterations = 0 }) },
        { "options.Relaxation", () => NuclearNormCompletion.Solve(2, 3, [0], [1], new NuclearNormOptions { Relaxation = 2 }) },
        { "options.InitialPenalty", () => NuclearNormCompletion.Solve(2, 3, [0], [1], new NuclearNormOptions { InitialPenalty = -1 }) },
    };

    [Theory(DisplayName = "Nuclear-norm baseline rejects bad input with a message naming the argument")]
    [MemberData(nameof(BadInputs))]
    public void RejectsBadInput(string argument, Action solve)
    {
        var e = Assert.ThrowsAny<ArgumentException>(solve);
        Assert.Contains(argument, e.Message);
    }
}
