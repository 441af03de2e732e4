using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

/// <summary>
/// theory.md DT-2.C': with the code's norm-balanced initialization (every M_{:,i} and chain matrix P_{i,k} has Frobenius norm s_i)
/// the traces of the DT-2.C invariants are zero, so s_i(t) = ‖P_{i,k}(t)‖_F = ‖M_{:,i}(t)‖ for all t under gradient flow.
/// </summary>
public sealed class DT2CPrime_CodeInitNormEqualities : Claim
{
    public override string Id => "DT-2.C'";
    public override string Title => "With the H24 code's init, core-slice, chain and column norms stay equal (GF)";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.C' (ColNormRandomNormal / NormRandomNormal, TuckerLayer.py L23–51)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "code init (‖M_{:,i}(0)‖ = ‖P_{i,k}(0)‖_F = s_i(0)) ⇒ s_i(t) = ‖P_{i,1}(t)‖_F = ⋯ = ‖P_{i,L−1}(t)‖_F = ‖M_{:,i}(t)‖ ∀t",
        @"\|\mathcal G^{(n)}_i(t)\|_F=\|P^{(n)}_{i,1}(t)\|_F=\cdots=\|P^{(n)}_{i,L-1}(t)\|_F=\|M^{(n)}_{:,i}(t)\|\quad\forall t");

    public override IReadOnlyList<string> Assumptions => ["gradient flow (plain GD to O(η); not Adam, which the code uses)", "the code's norm-balanced initialization"];

    public override string? NoSymbolicCheckBecause =>
        "a consequence of DT-2.C (traces of its conserved matrices, checked symbolically there) and of the initial equalities; checked numerically: equalities exact at the code's init, GD drift O(η) (order ≈ 1), and a Gaussian init as control.";
}
