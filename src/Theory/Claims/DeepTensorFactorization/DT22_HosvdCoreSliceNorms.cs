using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

/// <summary>theory.md DT-2.2: the full HOSVD core's mode-n slice norms are the mode-n singular values.</summary>
public sealed class DT22_HosvdCoreSliceNorms : Claim
{
    public override string Id => "DT-2.2";
    public override string Title => "HOSVD core slice norms are the mode-n singular values";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.2 (model.py L202–214 HOSVD counts)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "For 𝒲 = 𝒞 ×_n V^(n) with V^(n) the left singular vectors of 𝒲_(n): ‖𝒞^(n)_i‖_F = σ_i(𝒲_(n))",
        @"\|\mathcal C^{(n)}_i\|_F=\sigma_i\big(\mathcal W_{(n)}\big)");

    public override IReadOnlyList<string> Assumptions => ["full-multirank HOSVD with orthogonal V^(n) (left singular vectors of each unfolding)"];

    public override string? NoSymbolicCheckBecause =>
        "the identity needs the SVD factors V^(n) of the unfoldings (numeric; theory.md §8.0 'with numeric orthogonal V'); checked numerically to 1e-12 of σ₁, with a non-orthogonal Tucker core as control.";
}
