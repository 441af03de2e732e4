using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Numerics;

/// <summary>CP dynamics at random instances: TF-C2, TF-1 (with an unbalanced negative control), TF-3 (theory.md §5.1).</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class CpDynamicsProperties
{
    private static double SquaredNorm(ReadOnlySpan<double> x) => CpReference.Dot(x, x);

    /// <summary>
    /// TF-C2: one GD step θ' = θ − η∇φ changes ‖w_r^n‖² − ‖w_r^{n'}‖² by exactly η²(‖g_r^n‖² − ‖g_r^{n'}‖²)
    /// (to 1e-10 of the magnitudes involved).
    /// </summary>
    [Property]
    public Property OneGradientStepChangesSquaredNormDifferencesByEtaSquaredTimesGradientNormDifferences() =>
        Prop.ForAll(CpArbitraries.CpOfOrderAtLeastTwo(), c =>
        {
            var m = c.Model;
            var loss = RandomInstances.Loss(m.EndShape, c.Seed);
            var theta = RandomInstances.Theta(m, c.Seed + 1);
            var g = CpReference.Gradient(m, theta, CpReference.EndGradient(m, loss, theta));
            double eta = 1e-3 + new Gaussian(c.Seed + 2).NextInt(500) * 1e-3;
            var next = theta.Zip(g, (t, d) => t - eta * d).ToArray();
            for (int r = 0; r < m.Rank; r++)
                for (int n = 0; n < m.Order; n++)
                    for (int n2 = n + 1; n2 < m.Order; n2++)
                    {
                        double a = SquaredNorm(m.Vector(theta, r, n)), b = SquaredNorm(m.Vector(theta, r, n2));
                        double a1 = SquaredNorm(m.Vector(next, r, n)), b1 = SquaredNorm(m.Vector(next, r, n2));
                        double ga = SquaredNorm(m.Vector(g, r, n)), gb = SquaredNorm(m.Vector(g, r, n2));
                        double change = (a1 - b1) - (a - b), predicted = eta * eta * (ga - gb);
                        double scale = a + b + a1 + b1 + eta * eta * (ga + gb);
                        if (Math.Abs(change - predicted) > 1e-10 * scale) return false;
                    }
            return true;
        });

    /// <summary>
    /// dσ_r/dt along θ̇ = −∇φ by the chain rule: ∂σ_r/∂w_r^n = σ_r w_r^n/‖w_r^n‖², so
    /// σ̇_r = −Σ_n σ_r ⟨w_r^n, (∇φ)_r^n⟩/‖w_r^n‖². Returns (rate, TF-1 prediction, scale) per component with
    /// σ_r &gt; 0; scale = N σ_r^(2−2/N) ‖∇ℒ‖ bounds the prediction (|γ_r| ≤ ‖∇ℒ‖).
    /// </summary>
    private static IEnumerable<(double Rate, double Predicted, double Scale)> Tf1(CpCase c, bool balanced)
    {
        var m = c.Model;
        var loss = RandomInstances.Loss(m.EndShape, c.Seed);
        var theta = RandomInstances.Theta(m, c.Seed + 1);
        if (balanced) BalancedCp.Rescale(m, theta);
        var endGradient = CpReference.EndGradient(m, loss, theta);
        var g = CpReference.Gradient(m, theta, endGradient);
        double gNorm = CpReference.Norm(endGradient);
        for (int r = 0; r < m.Rank; r++)
        {
            var t = CpReference.ComponentTensor(m, theta, r);
            double sigma = ComponentNorm.Of(m, theta, r);
            if (sigma == 0) continue;
            double gamma = -CpReference.Dot(endGradient, t) / CpReference.Norm(t);
            double rate = 0;
            for (int n = 0; n < m.Order; n++)
                rate -= sigma * CpReference.Dot(m.Vector(theta, r, n), m.Vector(g, r, n)) / SquaredNorm(m.Vector(theta, r, n));
            yield return (rate, ComponentNormRate.Balanced(m.Order, sigma, gamma), m.Order * Math.Pow(sigma, 2 - 2.0 / m.Order) * gNorm);
        }
    }

    /// <summary>TF-1 (RMC21 Thm 1, ε = 0): at a balanced point dσ_r/dt = N σ_r^(2−2/N) γ_r, to 1e-9 of its scale.</summary>
    [Property]
    public Property ComponentNormRateIsNSigmaToTheTwoMinusTwoOverNTimesGammaAtBalancedPoints() =>
        Prop.ForAll(CpArbitraries.Cp(), c => Tf1(c, balanced: true).All(x => Math.Abs(x.Rate - x.Predicted) <= 1e-9 * x.Scale));

    /// <summary>Negative control for TF-1: at an unbalanced Gaussian point (N ≥ 2) some component violates it.</summary>
    [Property]
    public Property ComponentNormRateLawFailsAtUnbalancedPoints() =>
        Prop.ForAll(CpArbitraries.CpOfOrderAtLeastTwo(), c => Tf1(c, balanced: false).Any(x => Math.Abs(x.Rate - x.Predicted) > 1e-6 * x.Scale));

    /// <summary>TF-3: a component with at least two zero vectors has zero gradient in every vector, so it stays zero under GD.</summary>
    [Property]
    public Property ComponentWithTwoZeroVectorsHasZeroGradient() =>
        Prop.ForAll(CpArbitraries.CpOfOrderAtLeastTwo(), c =>
        {
            var m = c.Model;
            var random = new Gaussian(c.Seed + 3);
            int r = random.NextInt(m.Rank);
            var zeroModes = random.Permutation(m.Order)[..(2 + random.NextInt(m.Order - 1))];
            var theta = RandomInstances.Theta(m, c.Seed + 1);
            foreach (int n in zeroModes) m.Vector(theta.AsSpan(), r, n).Clear();
            var loss = RandomInstances.Loss(m.EndShape, c.Seed);
            var g = CpReference.Gradient(m, theta, CpReference.EndGradient(m, loss, theta));
            return Enumerable.Range(0, m.Order).All(n => m.Vector(g, r, n).ToArray().All(x => x == 0));
        });
}
