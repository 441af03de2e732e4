using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Local component norms of a hierarchical tensor factorization (RMC22; theory.md §6.1, §1.1):
/// σ_H^(ν,r) = Π_{c∈C(ν)} ‖W^(c)_{:,r}‖ · ‖W^(ν)_{r,:}‖ for interior ν and r ∈ [R_ν]
/// (official evaluator: ht_factorization_evaluator.py L213–249; top-k sorted descending, L189–249).
/// </summary>
public static class LocalComponentNorm
{
    /// <summary>σ_H^(ν,r).</summary>
    public static double Of(HierarchicalTensorFactorization model, ReadOnlySpan<double> theta, int node, int r)
    {
        Span<double> squared = stackalloc double[model.Tree.K(node)];
        model.LocalComponentSquaredNorms(theta, node, r, squared);
        double product = 1;
        foreach (double s in squared) product *= Math.Sqrt(s);
        return product;
    }

    /// <summary>σ_H^(ν,r) for r = 0 … R_ν − 1 into <paramref name="norms"/>.</summary>
    public static void AtNode(HierarchicalTensorFactorization model, ReadOnlySpan<double> theta, int node, Span<double> norms)
    {
        int count = model.Width(node);
        if (norms.Length < count) throw new ArgumentException($"Node {model.Tree.Label(node)} has {count} local components.", nameof(norms));
        for (int r = 0; r < count; r++) norms[r] = Of(model, theta, node, r);
    }

    /// <summary>The k largest σ_H^(ν,r) at ν, descending (fewer when R_ν &lt; k).</summary>
    public static double[] TopK(HierarchicalTensorFactorization model, ReadOnlySpan<double> theta, int node, int k)
    {
        var norms = new double[model.Width(node)];
        AtNode(model, theta, node, norms);
        Array.Sort(norms);
        Array.Reverse(norms);
        return norms[..Math.Min(k, norms.Length)];
    }

    /// <summary>|{r : σ_H^(ν,r) &gt; threshold}| (HTF-4's bound on rank ⟦𝒲_H⟧_ν).</summary>
    public static int CountAbove(HierarchicalTensorFactorization model, ReadOnlySpan<double> theta, int node, double threshold)
    {
        int count = 0;
        for (int r = 0; r < model.Width(node); r++)
            if (Of(model, theta, node, r) > threshold) count++;
        return count;
    }
}
