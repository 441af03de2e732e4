namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>theory.md HTF-4: rank ⟦𝒲_H⟧_ν ≤ #{r : σ_H^(ν,r) &gt; 0} at every interior non-root ν.</summary>
public sealed class HTF4_RankBound : Claim
{
    public override string Id => "HTF-4";
    public override string Title => "Matricization rank at a tree node is at most its number of non-zero local components";
    public override Citation Citation => new(Paper.RMC22, "lemma (hierarchical rank ≤ #non-zero local components)", Confidence.Recalled);

    public override Statement Statement => new(
        "rank ⟦𝒲_H⟧_ν ≤ |{r ∈ [R_ν] : σ_H^(ν,r) > 0}| for every interior non-root ν",
        @"\mathrm{rank}\,⟦\mathcal W_H⟧_\nu\le\big|\{r\in[R_\nu]:\sigma_H^{(\nu,r)}>0\}\big|");

    public override IReadOnlyList<string> Assumptions => ["any parameters", "ν an interior non-root node of the mode tree (the bound is about tree matricizations only)"];

    public override string? NoSymbolicCheckBecause =>
        "a rank inequality (theory.md §8.0 lists HTF-4 as numeric only): each Δ^(ν,r) has a rank-one ν-matricization; checked by SVD ranks at random points with zeroed local components, with a non-tree matricization as control.";
}
