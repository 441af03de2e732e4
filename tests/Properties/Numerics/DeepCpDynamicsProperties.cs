using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Deep CP (theory.md §7 DT-1): the end tensor, and the aligned balanced component-norm law with a negative control.</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class DeepCpDynamicsProperties
{
    /// <summary>The aligned balanced point of DT-1 (unequal factor norms across modes), shared with the DT-1 check.</summary>
    private static double[] AlignedBalanced(DeepCpFactorization model, int seed) =>
        ImplicitReg.Numerics.Checks.DeepTensorFactorization.DeepCpInstance.AlignedBalanced(model, seed, equalNorms: false);

    /// <summary>
    /// Ṗ_r along θ̇ = −∇φ by the chain rule: ∂P_r/∂a_r^n = (P_r/s_n²) a_r^n pulled back through chain n's own
    /// Backward, dotted with −(∇φ) of that chain. Returns (rate, DT-1 prediction, scale) per component, with
    /// scale = L P_r² ‖∇ℒ‖ Σ_n (s_r^(n))^(−2/L) bounding the prediction.
    /// </summary>
    private static IEnumerable<(double Rate, double Predicted, double Scale)> Dt1(DeepCpCase c, double[] theta)
    {
        var m = c.Model;
        var loss = RandomInstances.Loss(m.EndShape, c.Seed);
        var endGradient = CpReference.EndGradient(m, loss, theta);
        var g = CpReference.Gradient(m, theta, endGradient);
        var predicted = new double[m.Rank];
        ComponentNormRate.DeepAligned(m, theta, endGradient, predicted);
        return ImplicitReg.Numerics.Checks.DeepTensorFactorization.DeepCpInstance.ChainRuleRates(m, theta, endGradient, g)
            .Select((x, r) => (x.Rate, predicted[r], x.Scale));
    }

    /// <summary>DT-1: at an aligned balanced deep-CP point, Ṗ_r = L P_r² γ_r Σ_n (s_r^(n))^(−2/L), to 1e-9 of its scale.</summary>
    [Property]
    public Property ComponentNormRateFollowsTheDeepAlignedLawAtAlignedBalancedPoints() =>
        Prop.ForAll(CpArbitraries.AlignableDeepCp(), c => Dt1(c, AlignedBalanced(c.Model, c.Seed + 1)).All(x => Math.Abs(x.Rate - x.Predicted) <= 1e-9 * x.Scale));

    /// <summary>
    /// Negative control: for depth L ≥ 2, at a Gaussian (unaligned, unbalanced) point some component violates DT-1.
    /// </summary>
    [Property]
    public Property DeepAlignedLawFailsAtGaussianPointsForDepthTwoOrMore() =>
        Prop.ForAll(CpArbitraries.AlignableDeepCp(minDepth: 2), c =>
            Dt1(c, RandomInstances.Theta(c.Model, c.Seed + 1)).Any(x => Math.Abs(x.Rate - x.Predicted) > 1e-6 * x.Scale));

    /// <summary>
    /// At L = 1 the DT-1 form P² γ Σ_n s_n^(−2) is Ṗ = γ P² Σ_n a_n^{-1} of the TF-2 derivation (theory.md §5.1),
    /// which needs neither balance nor alignment: it holds at every point.
    /// </summary>
    [Property]
    public Property AtDepthOneTheDeepAlignedLawHoldsAtEveryPoint() =>
        Prop.ForAll(CpArbitraries.AlignableDeepCp(maxDepth: 1), c =>
            Dt1(c, RandomInstances.Theta(c.Model, c.Seed + 1)).All(x => Math.Abs(x.Rate - x.Predicted) <= 1e-9 * x.Scale));

    /// <summary>The deep-CP end tensor is the CP tensor of the chain products A^(n) = W_L ⋯ W_1 (computed by explicit matrix products).</summary>
    [Property]
    public Property DeepCpEndIsTheCpTensorOfTheChainProducts() =>
        Prop.ForAll(CpArbitraries.DeepCpModel(), c =>
        {
            var m = (DeepCpFactorization)c.Model;
            var theta = RandomInstances.Theta(m, c.Seed);
            var cpTheta = new double[m.Cp.Layout.Size];
            for (int n = 0; n < m.Order; n++)
            {
                var chain = m.Chain(n);
                var ct = m.ChainTheta(theta, n);
                var product = chain.Layer(ct, 1).ToArray();
                int cols = chain.Widths[0];
                for (int j = 2; j <= chain.Depth; j++)
                {
                    var w = chain.Layer(ct, j);
                    int rows = chain.Widths[j], inner = chain.Widths[j - 1];
                    var next = new double[rows * cols];
                    for (int i = 0; i < rows; i++)
                        for (int k = 0; k < cols; k++)
                            for (int p = 0; p < inner; p++) next[i * cols + k] += w[i * inner + p] * product[p * cols + k];
                    product = next;
                }
                for (int i = 0; i < m.Dims[n]; i++)
                    for (int r = 0; r < m.Rank; r++) m.Cp.Vector(cpTheta.AsSpan(), r, n)[i] = product[i * cols + r];
            }
            var expected = new double[m.EndShape.Size];
            for (int r = 0; r < m.Rank; r++)
            {
                var t = CpReference.ComponentTensor(m.Cp, cpTheta, r);
                for (int k = 0; k < expected.Length; k++) expected[k] += t[k];
            }
            var end = new double[expected.Length];
            m.End(theta, end);
            return end.Zip(expected).All(p => Numerically.Close(p.First, p.Second, 1e-12));
        });

    [Fact]
    public void DeepAlignedLawWithEqualFactorNormsIsNLPToTheTwoMinusTwoOverNL()
    {
        foreach (var (order, depth) in new[] { (1, 1), (3, 1), (2, 2), (3, 3), (4, 2) })
        {
            double s = 0.8, gamma = -0.37, p = Math.Pow(s, order);
            Assert.Equal(ComponentNormRate.DeepAlignedEqualNorms(order, depth, p, gamma), ComponentNormRate.DeepAligned(depth, Enumerable.Repeat(s, order).ToArray(), gamma), 13);
        }
        Assert.Equal(ComponentNormRate.Balanced(3, 0.7, 0.2), ComponentNormRate.DeepAlignedEqualNorms(3, 1, 0.7, 0.2), 15);
    }
}
