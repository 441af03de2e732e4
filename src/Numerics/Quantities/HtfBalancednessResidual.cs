using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Unbalancedness of a hierarchical tensor factorization (theory.md §6.1, HTF-C1):
/// ε = max_{ν,r} max_{a,b ∈ LC(ν,r)} |‖a‖² − ‖b‖²|, over interior ν and r ∈ [R_ν]; conserved component-wise by
/// gradient flow, 0 for <see cref="Initialization.BalancedHtf"/>; 0 when the tree has no interior node.
/// </summary>
public static class HtfBalancednessResidual
{
    /// <summary>ε over all local components.</summary>
    public static double Of(HierarchicalTensorFactorization model, ReadOnlySpan<double> theta)
    {
        double worst = 0;
        foreach (int v in model.Tree.InteriorNodes)
            for (int r = 0; r < model.Width(v); r++)
                worst = Math.Max(worst, Of(model, theta, v, r));
        return worst;
    }

    /// <summary>max_{a,b ∈ LC(ν,r)} |‖a‖² − ‖b‖²| for one local component.</summary>
    public static double Of(HierarchicalTensorFactorization model, ReadOnlySpan<double> theta, int node, int r)
    {
        Span<double> squared = stackalloc double[model.Tree.K(node)];
        model.LocalComponentSquaredNorms(theta, node, r, squared);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double s in squared)
        {
            lo = Math.Min(lo, s);
            hi = Math.Max(hi, s);
        }
        return hi - lo;
    }
}
