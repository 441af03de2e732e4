using ImplicitReg.Numerics.Baselines;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Baselines;

/// <summary>RC20's "linear" tensor-completion baseline of NN-E2 (theory.md §4.2).</summary>
public class LinearCompletionBaselineTests
{
    private static readonly TensorShape Cube = new(8, 8, 8);

    [Fact(DisplayName = "Linear baseline = observed entries and zeros = the limit of GD on the raw tensor from zero init")]
    public void IsTheLimitOfGradientDescentOnTheRawTensor()
    {
        var target = GroundTruth.CpTensor([8, 8, 8], 1, 4);
        var omega = Observations.Sample(Cube, 100, 5).Train;
        var y = omega.Select(i => target[i]).ToArray();
        var linear = LinearCompletionBaseline.Complete(Cube, omega, y);

        var loss = new CompletionLoss(Cube, omega, y, LossNormalization.HalfSum);
        var w = new double[Cube.Size];
        var gradient = new double[Cube.Size];
        for (int step = 0; step < 60; step++)
        {
            loss.ValueAndGradient(w, gradient);
            for (int i = 0; i < w.Length; i++) w[i] -= 0.5 * gradient[i];   // ∇ℒ = (w − y) on Ω: the residual halves per step
        }
        var observed = new HashSet<int>(omega);
        for (int i = 0; i < w.Length; i++)
        {
            if (observed.Contains(i)) Assert.Equal(linear[i], w[i], 1e-15);
            else { Assert.Equal(0, w[i]); Assert.Equal(0, linear[i]); }
        }
    }

    [Fact(DisplayName = "Linear baseline of a rank-1 8×8×8 tensor from 100 entries has a high CP-rank estimate (≥ 8; RC20: 12–17) where the tensor has 1")]
    public void HasAHighCpRankEstimate()
    {
        var target = GroundTruth.CpTensor([8, 8, 8], 1, 4);
        var omega = Observations.Sample(Cube, 100, 5).Train;
        var linear = LinearCompletionBaseline.Complete(Cube, omega, omega.Select(i => target[i]).ToArray());
        var estimate = CpRank.Estimate(linear, [8, 8, 8]);
        Assert.True(estimate.Rank >= 8, estimate.ToString());
        Assert.Equal(1, CpRank.Estimate(target, [8, 8, 8]).Rank);
    }

    public static TheoryData<string, Action> BadInputs => new()
    {
        { "observedLinearIndices", () => LinearCompletionBaseline.Complete(Cube, [512], [1]) },
        { "observedLinearIndices", () => LinearCompletionBaseline.Complete(Cube, [3, 3], [1, 2]) },
        { "values", () => LinearCompletionBaseline.Complete(Cube, [3, 4], [1]) },
        { "values", () => LinearCompletionBaseline.Complete(Cube, [3], [double.NaN]) },
    };

    [Theory(DisplayName = "Linear baseline rejects bad input with a message naming the argument")]
    [MemberData(nameof(BadInputs))]
    public void RejectsBadInput(string argument, Action complete)
    {
        var e = Assert.ThrowsAny<ArgumentException>(complete);
        Assert.Contains(argument, e.Message);
    }
}
