using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Specs;

/// <summary>Which factorization to build (the config's <c>model</c> section).</summary>
public abstract record ModelSpec
{
    public abstract IFactorization Build();
}

/// <summary>Deep matrix factorization with widths n_0 … n_N (theory.md §2.1).</summary>
public sealed record DeepMatrixSpec(int[] Widths) : ModelSpec
{
    public override IFactorization Build() => new DeepMatrixFactorization(Widths);
}

/// <summary>CP tensor factorization Σ_r w_r^1 ⊗ … ⊗ w_r^N (theory.md §5.1).</summary>
public sealed record CpSpec(int[] Dims, int Rank) : ModelSpec
{
    public override IFactorization Build() => new CpFactorization(Dims, Rank);
}

/// <summary>Deep CP: each factor matrix a depth-L linear chain (theory.md §7 DT-1).</summary>
public sealed record DeepCpSpec(int[] Dims, int Rank, int Depth) : ModelSpec
{
    public override IFactorization Build() => new DeepCpFactorization(Dims, Rank, Depth);
}

/// <summary>Hierarchical tensor factorization over a mode tree (theory.md §6.1); <c>Tree</c> is "checkerboard", "balanced", "official-layers" or a nested description.</summary>
public sealed record HierarchicalSpec(int[] Dims, string Tree, int Width) : ModelSpec
{
    public ModeTree BuildTree() => Tree switch
    {
        "checkerboard" => ModeTree.Checkerboard(Dims.Length),
        "balanced" => ModeTree.Balanced(Dims.Length),
        "official-layers" => ModeTree.OfficialLayers(Dims.Length),
        _ => ModeTree.FromNested(Tree),
    };

    public override IFactorization Build() => new HierarchicalTensorFactorization(BuildTree(), Dims, Width);
}

/// <summary>Tucker factorization (depth 0 in the H24 code's sense of a plain Tucker layer is depth 1 here).</summary>
public sealed record TuckerSpec(int[] Dims, int[] Ranks) : ModelSpec
{
    public override IFactorization Build() => new TuckerFactorization(Dims, Ranks);
}

/// <summary>Deep Tucker of the H24 code (theory.md §7 DT-2), R_n = D_n, depth L ≥ 1.</summary>
public sealed record DeepTuckerSpec(int[] Dims, int Depth) : ModelSpec
{
    public override IFactorization Build() => new DeepTuckerFactorization(Dims, Depth);
}
