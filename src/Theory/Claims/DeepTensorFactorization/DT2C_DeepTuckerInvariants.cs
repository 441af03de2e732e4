using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

/// <summary>theory.md DT-2.C: the conserved quantities of the H24 deep Tucker model under gradient flow.</summary>
public sealed class DT2C_DeepTuckerInvariants : Claim
{
    public override string Id => "DT-2.C";
    public override string Title => "Deep Tucker (H24 code model): slice-vs-chain norms and chain Gram differences are conserved";
    public override Citation Citation => new(Paper.H24, "theory.md DT-2.C (our derivation on the code's model, TuckerLayer.py L54–148)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "L ≥ 2: ‖𝒢^(n)_i‖² − ‖P^(n)_{i,1}‖²_F, P_kᵀP_k − P_{k+1}P_{k+1}ᵀ, P_{L−1}ᵀP_{L−1} − M_{:,i}M_{:,i}ᵀ constant; L = 1: 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) constant",
        @"\frac{d}{dt}\Big(\|\mathcal G^{(n)}_i\|_F^2-\|P^{(n)}_{i,1}\|_F^2\Big)=0,\ \frac{d}{dt}\Big(P^{(n)\top}_{i,k}P^{(n)}_{i,k}-P^{(n)}_{i,k+1}P^{(n)\top}_{i,k+1}\Big)=0,\ \frac{d}{dt}\Big(P^{(n)\top}_{i,L-1}P^{(n)}_{i,L-1}-M^{(n)}_{:,i}M^{(n)\top}_{:,i}\Big)=0;\ L=1:\ \frac{d}{dt}\big(\mathcal G_{(n)}\mathcal G_{(n)}^\top-U^{(n)\top}U^{(n)}\big)=0");

    public override IReadOnlyList<string> Assumptions => ["gradient flow (plain GD to O(η); not Adam)", "any differentiable loss of the end tensor", "any initialization"];

    private static readonly (int N, int D, int L)[] Sizes = [(2, 2, 1), (2, 2, 2), (2, 2, 3), (3, 2, 1), (3, 2, 2)];

    public override IReadOnlyList<IdentityInstance> Identities => Sizes.Select(s => new IdentityInstance(
        $"d/dt of every DT-2.C invariant entry ≡ 0, N={s.N}, D=R={s.D}, L={s.L}, free symbolic ∇ℓ",
        () => new SymbolicDeepTucker(s.N, s.D, s.L).InvariantRates(), "invariant entries")).ToArray();
}
