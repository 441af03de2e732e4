namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// RMC21 Lemma (theory.md TF-C1): under gradient flow, ‖w_r^n‖² − ‖w_r^{n'}‖² is constant for every component r
/// and modes n, n' — d/dt‖w_r^n‖² = 2⟨−∇ℒ, ⊗_m w_r^m⟩ is the same for every n. Checked as an exact polynomial
/// identity with a free symbolic gradient tensor (and with the gradient of ½‖𝒲 − 𝒴‖²) at several sizes.
/// </summary>
public sealed class TFC1_Conservation : Claim
{
    public override string Id => "TF-C1";
    public override string Title => "Squared factor-norm differences are conserved (CP)";
    public override Citation Citation => new(Paper.RMC21, "Lemma (conservation)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "d/dt(‖w_r^n‖² − ‖w_r^n'‖²) = 0 for all r, n, n' under gradient flow",
        @"\frac{d}{dt}\Big(\|\mathbf w_r^n(t)\|^2-\|\mathbf w_r^{n'}(t)\|^2\Big)=0\quad\forall r,n,n'");

    public override IReadOnlyList<string> Assumptions => ["gradient flow θ̇ = −∇φ(θ)", "any differentiable loss ℒ of the end tensor", "any initialization"];

    private static readonly (int N, int D, int R)[] Sizes = [(2, 2, 2), (3, 2, 2), (3, 3, 2), (4, 2, 2)];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        .. Sizes.Select(s => Identity(SymbolicCpFactorization.WithFreeGradient(s.N, s.D, s.R), $"N={s.N}, D={s.D}, R={s.R}, free symbolic ∇ℒ")),
        Identity(SymbolicCpFactorization.WithSquaredLoss(3, 2, 2), "N=3, D=2, R=2, ∇ of ½‖𝒲 − 𝒴‖² with symbolic 𝒴"),
    ];

    private static IdentityInstance Identity(SymbolicCpFactorization cp, string text) =>
        new($"d/dt(‖w_r^n‖² − ‖w_r^n'‖²) ≡ 0, {text}",
            () => cp.ConservationResiduals().Select(r => new IdentityResidual($"r={r.Component + 1}, n={r.Mode + 1}, n'={r.OtherMode + 1}", r.Residual)),
            "pairs");
}
