using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>A random hierarchical tensor factorization and a seed for θ, the loss and any other draws.</summary>
public sealed record HtfCase(HierarchicalTensorFactorization Model, int Seed)
{
    public override string ToString() => $"{Model.Name}, seed {Seed}";
}

/// <summary>Random mode trees (checkerboard, balanced, random nested with non-contiguous children and fan-out up to 3) and HTF instances.</summary>
public static class HtfArbitraries
{
    private static Gen<int> Seed => Gen.Choose(0, 1_000_000);

    /// <summary>A random nested tree: modes shuffled, each node split into 2–3 consecutive groups of the shuffled list.</summary>
    public static ModeTree RandomNested(int order, int seed) =>
        ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization.HtfInstance.RandomNested(order, seed);

    public static Gen<ModeTree> Tree(int minOrder, int maxOrder) =>
        from order in Gen.Choose(minOrder, maxOrder)
        from kind in Gen.Choose(0, 3)
        from seed in Seed
        select kind switch
        {
            0 => ModeTree.Checkerboard(order),
            1 => ModeTree.Balanced(order),
            2 => ModeTree.OfficialLayers(order),   // one-child links for odd orders
            _ => RandomNested(order, seed),
        };

    /// <summary>Orders minOrder–maxOrder, D_n ∈ 1..maxDim, per-node widths 1..maxWidth.</summary>
    public static Gen<HtfCase> Case(int minOrder, int maxOrder, int minDim, int maxDim, int maxWidth) =>
        from tree in Tree(minOrder, maxOrder)
        from dims in Gen.ArrayOf(Gen.Choose(minDim, maxDim), tree.Order)
        from widths in Gen.ArrayOf(Gen.Choose(1, maxWidth), tree.InteriorCount)
        from seed in Seed
        select new HtfCase(new HierarchicalTensorFactorization(tree, dims, widths), seed);

    /// <summary>Equal interior widths (as <see cref="ImplicitReg.Numerics.Initialization.BalancedHtf"/> needs), at least one interior node.</summary>
    public static Gen<HtfCase> EqualWidthCase(int minOrder, int maxOrder, int maxDim, int maxWidth) =>
        from tree in Tree(Math.Max(2, minOrder), maxOrder)
        from dims in Gen.ArrayOf(Gen.Choose(1, maxDim), tree.Order)
        from width in Gen.Choose(1, maxWidth)
        from seed in Seed
        select new HtfCase(new HierarchicalTensorFactorization(tree, dims, width), seed);

    public static Arbitrary<HtfCase> Small() => Case(1, 5, 1, 3, 3).ToArbitrary();
}
