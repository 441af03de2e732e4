using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>theory.md TF-6: rank(𝒲_e) ≤ #{r : σ_T^(r) &gt; 0}, checked through matricization ranks (each ≤ tensor rank).</summary>
public sealed class TF6_RankBound : Claim
{
    public override string Id => "TF-6";
    public override string Title => "Tensor rank is at most the number of non-zero components";
    public override Citation Citation => new(Paper.RMC21, "§5.1 (rank bound, trivial)", Confidence.Inferred);

    public override Statement Statement => new(
        "rank(𝒲_e) ≤ |{r : σ_T^(r) > 0}|; in particular every matricization rank is at most that count",
        @"\mathrm{rank}(\mathcal W_e)\le\big|\{r:\sigma_T^{(r)}>0\}\big|,\qquad \mathrm{rank}⟦\mathcal W_e⟧_I\le\mathrm{rank}(\mathcal W_e)");

    public override IReadOnlyList<string> Assumptions => ["any parameters"];

    public override string? NoSymbolicCheckBecause =>
        "a rank inequality (CP rank is not computable exactly); checked numerically through matricization ranks (lower bounds of the CP rank) at points with zeroed components (theory.md §8.0: property).";
}
