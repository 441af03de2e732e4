using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Numerics;

/// <summary>RMC22 hierarchical tensor factorization claims (theory.md §6.1): HTF-C2, HTF-1, HTF-3, HTF-4, HTF-5, §8.1 B.</summary>
[Properties(MaxTest = 60, Replay = Seeds.Replay)]
public class HtfClaimProperties
{
    private static Arbitrary<HtfCase> Interior => HtfArbitraries.Case(2, 5, 1, 3, 3).ToArbitrary();
    private static Arbitrary<HtfCase> Balanceable => HtfArbitraries.EqualWidthCase(2, 5, 3, 3).ToArbitrary();

    /// <summary>HTF-3: 𝒲_H = Σ_r σ_H^(ν,r) Δ^(ν,r) at every interior ν.</summary>
    [Property]
    public Property HierarchicalTensorIsSumOfScaledLocalComponentTensors() =>
        Prop.ForAll(Interior, c =>
        {
            var model = c.Model;
            var theta = RandomInstances.Theta(model, c.Seed);
            var end = new double[model.EndShape.Size];
            model.End(theta, end);
            var deltas = new LocalComponentTensor(model);
            var delta = new double[end.Length];
            double worst = 0, scale = Math.Max(1, end.Max(Math.Abs));
            foreach (int v in model.Tree.InteriorNodes)
            {
                var sum = new double[end.Length];
                for (int r = 0; r < model.Width(v); r++)
                {
                    deltas.Compute(theta, v, r, delta);
                    double sigma = LocalComponentNorm.Of(model, theta, v, r);
                    for (int i = 0; i < sum.Length; i++) sum[i] += sigma * delta[i];
                }
                for (int i = 0; i < sum.Length; i++) worst = Math.Max(worst, Math.Abs(sum[i] - end[i]));
            }
            return (worst <= 1e-12 * scale).Label($"max deviation {worst:0.0e+0}");
        });

    /// <summary>HTF-4: rank ⟦𝒲_H⟧_ν ≤ |{r : σ_H^(ν,r) &gt; 0}| at every interior non-root ν, with random rows of W^(ν) zeroed.</summary>
    [Property]
    public Property MatricizationRankIsAtMostNonZeroLocalComponents() =>
        Prop.ForAll(HtfArbitraries.Case(3, 4, 2, 3, 4).Where(c => c.Model.Tree.InteriorCount >= 2).ToArbitrary(), c =>
        {
            var model = c.Model;
            var theta = RandomInstances.Theta(model, c.Seed);
            var coin = new Gaussian(c.Seed + 1);
            foreach (int v in model.Tree.InteriorNodes)
            {
                var w = model.Weight(theta.AsSpan(), v);
                for (int r = 0; r < model.Width(v); r++)
                    if (coin.NextInt(2) == 0) w.Slice(r * model.ParentWidth(v), model.ParentWidth(v)).Clear();
            }
            var end = new double[model.EndShape.Size];
            model.End(theta, end);
            var failures = new List<string>();
            foreach (int v in model.Tree.InteriorNodes)
            {
                if (v == model.Tree.Root) continue;
                int bound = LocalComponentNorm.CountAbove(model, theta, v, 0);
                int rank = Matricization.NumericalRank(Matricization.SingularValues(model.EndShape, end, model.Tree.Modes(v).ToArray()), 1e-9);
                if (rank > bound) failures.Add($"{model.Tree.Label(v)}: rank {rank} > {bound}");
            }
            return (failures.Count == 0).Label(string.Join("; ", failures));
        });

    /// <summary>HTF-C2: one GD step changes ‖a‖² − ‖b‖² by exactly η²(‖g_a‖² − ‖g_b‖²) for any two vectors of a local component.</summary>
    [Property]
    public Property GradientStepChangesBalanceByEtaSquaredGradientGap() =>
        Prop.ForAll(Interior, c =>
        {
            var model = c.Model;
            var objective = new Objective(model, RandomInstances.Loss(model.EndShape, c.Seed));
            var theta = RandomInstances.Theta(model, c.Seed + 1);
            var g = new double[theta.Length];
            objective.ValueAndGradient(theta, g);
            const double eta = 0.05;
            var next = theta.Zip(g, (x, d) => x - eta * d).ToArray();
            double worst = 0;
            foreach (int v in model.Tree.InteriorNodes)
            {
                int k = model.Tree.K(v);
                var (before, after, grad) = (new double[k], new double[k], new double[k]);
                for (int r = 0; r < model.Width(v); r++)
                {
                    model.LocalComponentSquaredNorms(theta, v, r, before);
                    model.LocalComponentSquaredNorms(next, v, r, after);
                    model.LocalComponentSquaredNorms(g, v, r, grad);
                    double scale = Math.Max(1, before.Concat(after).Max());
                    for (int a = 0; a < k; a++)
                    for (int b = a + 1; b < k; b++)
                    {
                        double change = (after[a] - after[b]) - (before[a] - before[b]);
                        double predicted = eta * eta * (grad[a] - grad[b]);
                        worst = Math.Max(worst, Math.Abs(change - predicted) / scale);
                    }
                }
            }
            return (worst <= 1e-10).Label($"max relative deviation {worst:0.0e+0}");
        });

    /// <summary>dσ/dt along θ̇ = −∇φ (chain rule: σ Σ_k ⟨v_k, θ̇_k⟩/‖v_k‖²) and K σ^(2−2/K) ⟨−∇ℒ, Δ⟩ per local component: (max relative gap, smallest scale).</summary>
    private static IEnumerable<(string Component, double Rate, double Predicted)> Rates(HierarchicalTensorFactorization model, ILoss loss, double[] theta)
    {
        var end = new double[model.EndShape.Size];
        var endGradient = new double[end.Length];
        model.End(theta, end);
        loss.ValueAndGradient(end, endGradient);
        var grad = new double[theta.Length];
        model.Backward(theta, endGradient, grad);
        var velocity = grad.Select(x => -x).ToArray();
        var deltas = new LocalComponentTensor(model);
        foreach (int v in model.Tree.InteriorNodes)
        {
            int k = model.Tree.K(v);
            var (squared, along) = (new double[k], new double[k]);
            for (int r = 0; r < model.Width(v); r++)
            {
                double sigma = LocalComponentNorm.Of(model, theta, v, r);
                model.LocalComponentSquaredNorms(theta, v, r, squared);
                model.LocalComponentInnerProducts(theta, velocity, v, r, along);
                double rate = 0;
                for (int j = 0; j < k; j++) rate += along[j] / squared[j];
                rate *= sigma;
                double gamma = deltas.Gamma(theta, v, r, endGradient);
                yield return ($"{model.Tree.Label(v)}#{r}", rate, k * Math.Pow(sigma, 2 - 2.0 / k) * gamma);
            }
        }
    }

    /// <summary>HTF-1: at a balanced point dσ_H^(ν,r)/dt = K_ν σ^(2−2/K_ν) ⟨−∇ℒ, Δ^(ν,r)⟩.</summary>
    [Property]
    public Property BalancedLocalComponentNormRateMatchesTheorem() =>
        Prop.ForAll(Balanceable, c =>
        {
            double scale = 0.4 + (c.Seed % 1000) / 1000.0;
            var theta = BalancedHtf.Create(c.Model, scale, c.Seed);
            var rates = Rates(c.Model, RandomInstances.Loss(c.Model.EndShape, c.Seed + 1), theta).ToList();
            var bad = rates.Where(x => !Numerically.Close(x.Rate, x.Predicted, 1e-9)).ToList();
            return (bad.Count == 0).Label(string.Join("; ", bad.Select(x => $"{x.Component}: {x.Rate} vs {x.Predicted}")));
        });

    /// <summary>Negative control for HTF-1: at a generic unbalanced point the balanced rate law fails for some local component.</summary>
    [Property]
    public Property UnbalancedLocalComponentNormRateViolatesBalancedLaw() =>
        Prop.ForAll(Balanceable, c =>
        {
            var theta = RandomInstances.Theta(c.Model, c.Seed);
            var rates = Rates(c.Model, RandomInstances.Loss(c.Model.EndShape, c.Seed + 1), theta).ToList();
            double worst = rates.Max(x => Math.Abs(x.Rate - x.Predicted) / Math.Max(1e-300, Math.Max(Math.Abs(x.Rate), Math.Abs(x.Predicted))));
            return (worst > 1e-6).Label($"max relative gap {worst:0.0e+0}");
        });

    /// <summary>HTF-5: a local component whose vectors are all zero (balanced, σ = 0) stays exactly zero under gradient descent.</summary>
    [Property]
    public Property ZeroLocalComponentStaysZero() =>
        Prop.ForAll(Balanceable, c =>
        {
            var model = c.Model;
            var theta = BalancedHtf.Create(model, 0.8, c.Seed);
            var pick = new Gaussian(c.Seed + 2);
            var interior = model.Tree.InteriorNodes.ToArray();
            int v = interior[pick.NextInt(interior.Length)], r = pick.NextInt(model.Width(v));
            int rNu = model.Width(v), rPa = model.ParentWidth(v);
            foreach (int child in model.Tree.Children(v))
            {
                var w = model.Weight(theta.AsSpan(), child);
                for (int i = 0; i < model.Width(child); i++) w[i * rNu + r] = 0;
            }
            model.Weight(theta.AsSpan(), v).Slice(r * rPa, rPa).Clear();
            var start = (double[])theta.Clone();
            var objective = new Objective(model, RandomInstances.Loss(model.EndShape, c.Seed + 1));
            var g = new double[theta.Length];
            for (int step = 0; step < 5; step++)
            {
                objective.ValueAndGradient(theta, g);
                for (int i = 0; i < theta.Length; i++) theta[i] -= 0.01 * g[i];
            }
            var squared = new double[model.Tree.K(v)];
            model.LocalComponentSquaredNorms(theta, v, r, squared);
            bool moved = !theta.SequenceEqual(start);
            return (squared.All(s => s == 0) && LocalComponentNorm.Of(model, theta, v, r) == 0)
                .Label($"{model.Tree.Label(v)}#{r}: squared norms [{string.Join(", ", squared)}], θ moved: {moved}");
        });

    /// <summary>§8.1 B: the balanced HTF init has every local-component vector of norm a, so ε = 0 (up to rounding of a²).</summary>
    [Property]
    public Property BalancedHtfInitHasZeroUnbalancedness() =>
        Prop.ForAll(Balanceable, c =>
        {
            double a = 0.1 + (c.Seed % 997) / 100.0;
            var theta = BalancedHtf.Create(c.Model, a, c.Seed);
            double epsilon = HtfBalancednessResidual.Of(c.Model, theta);
            double norm = LocalComponentNorm.Of(c.Model, theta, c.Model.Tree.Root, 0);
            double expected = Math.Pow(a, c.Model.Tree.K(c.Model.Tree.Root));
            return (epsilon <= 1e-13 * a * a && Numerically.Close(norm, expected, 1e-12))
                .Label($"ε = {epsilon:0.0e+0}, σ(root,0) = {norm} vs a^K = {expected}");
        });

    /// <summary>HtGroundTruth: Frobenius norm as asked, and hierarchical rank ≤ the generating width at every non-root tree node (HTF-4).</summary>
    [Property(MaxTest = 30)]
    public Property HtGroundTruthHasRequestedNormAndHierarchicalRank() =>
        Prop.ForAll(HtfArbitraries.Case(3, 5, 2, 3, 2).ToArbitrary(), c =>
        {
            var tree = c.Model.Tree;
            var dims = c.Model.Dims.ToArray();
            double norm = 1 + c.Seed % 64;
            var tensor = HtGroundTruth.HtTensor(tree, dims, c.Model.InteriorWidths.ToArray(), c.Seed, norm);
            double actual = Math.Sqrt(tensor.Sum(x => x * x));
            var failures = new List<string>();
            foreach (int v in tree.InteriorNodes)
            {
                if (v == tree.Root) continue;
                int rank = Matricization.NumericalRank(Matricization.SingularValues(c.Model.EndShape, tensor, tree.Modes(v).ToArray()), 1e-9);
                if (rank > c.Model.Width(v)) failures.Add($"{tree.Label(v)}: rank {rank} > {c.Model.Width(v)}");
            }
            return (Numerically.Close(actual, norm, 1e-12) && failures.Count == 0).Label($"‖𝒲*‖ = {actual} vs {norm}; {string.Join("; ", failures)}");
        });
}
