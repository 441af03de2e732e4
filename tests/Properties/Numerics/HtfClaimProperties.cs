using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Quantities;

namespace ImplicitReg.Properties.Numerics;

/// <summary>RMC22 hierarchical tensor factorization claims (theory.md §6.1): §8.1 B balanced init and the HT ground truth.</summary>
[Properties(MaxTest = 60, Replay = Seeds.Replay)]
public class HtfClaimProperties
{
    private static Arbitrary<HtfCase> Balanceable => HtfArbitraries.EqualWidthCase(2, 5, 3, 3).ToArbitrary();

    // HTF-C2, HTF-1 (and its unbalanced control), HTF-3, HTF-4 and HTF-5 moved to Numerics/Checks/HierarchicalTensorFactorization;
    // their FsCheck properties are in tests/Properties/Claims/HierarchicalTensorFactorization.

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
