using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Numerics.Initialization;

/// <summary>
/// Ground-truth tensors of low hierarchical rank (theory.md §6.3 HTF-E1, generator option
/// `--target_tensor_factorization_type ht` [INF]): the end tensor of a hierarchical tensor factorization with
/// 𝒩(0, 1) weight entries and the given interior widths, rescaled to Frobenius norm ‖𝒲*‖ (C order).
/// </summary>
public static class HtGroundTruth
{
    /// <summary>Every interior width equal to <paramref name="rank"/>.</summary>
    public static double[] HtTensor(ModeTree tree, int[] dims, int rank, int seed, double frobeniusNorm = 1) =>
        HtTensor(tree, dims, Enumerable.Repeat(rank, tree.InteriorCount).ToArray(), seed, frobeniusNorm);

    /// <param name="tree">The mode tree.</param>
    /// <param name="dims">D_0 … D_{N−1}.</param>
    /// <param name="interiorWidths">R_ν per interior node in post-order (bounds rank ⟦𝒲*⟧_ν, HTF-4).</param>
    /// <param name="seed">Seed of the Gaussian weights.</param>
    /// <param name="frobeniusNorm">‖𝒲*‖_F of the result.</param>
    public static double[] HtTensor(ModeTree tree, int[] dims, int[] interiorWidths, int seed, double frobeniusNorm = 1)
    {
        var model = new HierarchicalTensorFactorization(tree, dims, interiorWidths);
        var theta = new double[model.Layout.Size];
        new Gaussian(seed).Fill(theta, 1);
        var tensor = new double[model.EndShape.Size];
        model.End(theta, tensor);
        double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(tensor, tensor));
        if (norm == 0) throw new InvalidOperationException($"The random HT tensor of seed {seed} is zero.");
        System.Numerics.Tensors.TensorPrimitives.Multiply(tensor, frobeniusNorm / norm, tensor);
        return tensor;
    }
}
