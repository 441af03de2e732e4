using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.IO;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Specs;

/// <summary>The ground-truth end tensor 𝒲* (the config's <c>target</c> section).</summary>
public abstract record TargetSpec
{
    public abstract double[] Build(IFactorization model);
}

/// <summary>A rank-r matrix normalized to a Frobenius norm (deep MF targets).</summary>
public sealed record LowRankMatrixTarget(int Rank, int Seed, double Norm) : TargetSpec
{
    public override double[] Build(IFactorization model) =>
        model.EndShape.Order == 2
            ? LowRankGroundTruth.Matrix(model.EndShape[0], model.EndShape[1], Rank, Seed, Norm)
            : throw new ArgumentException($"target.kind 'low-rank' needs a matrix model, not {model.Name}.");
}

/// <summary>A CP-rank-r tensor Σ_{r} g_r^1⊗…, g ~ 𝒩(0, I), normalized (theory.md §8.1 C).</summary>
public sealed record CpTarget(int Rank, int Seed, double Norm) : TargetSpec
{
    public override double[] Build(IFactorization model) => GroundTruth.CpTensor(model.EndShape.Dims.ToArray(), Rank, Seed, Norm);
}

/// <summary>The end tensor of a random HTF with the given width (HT-rank target), normalized.</summary>
public sealed record HtTarget(string Tree, int Rank, int Seed, double Norm) : TargetSpec
{
    public override double[] Build(IFactorization model)
    {
        var dims = model.EndShape.Dims.ToArray();
        var tree = new HierarchicalSpec(dims, Tree, Rank).BuildTree();
        return HtGroundTruth.HtTensor(tree, dims, Rank, Seed, Norm);
    }
}

/// <summary>A Tucker tensor of multilinear rank (r, …, r), max-abs normalized (theory.md §7.2).</summary>
public sealed record TuckerTarget(int Rank, int Seed) : TargetSpec
{
    public override double[] Build(IFactorization model)
    {
        var dims = model.EndShape.Dims.ToArray();
        return TuckerGroundTruth.Create(dims, dims.Select(_ => Rank).ToArray(), Seed).Tensor;
    }
}

/// <summary>A target read from a NumPy file whose shape must equal the model's end shape.</summary>
public sealed record NpyTarget(string Path) : TargetSpec
{
    public override double[] Build(IFactorization model) => Npy.ReadFloat64(Path, model.EndShape.Dims.ToArray());
}
