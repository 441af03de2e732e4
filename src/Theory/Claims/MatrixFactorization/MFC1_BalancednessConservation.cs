using ImplicitReg.Theory.Symbolic;
using M = ImplicitReg.Theory.Claims.MatrixFactorization.SymbolicDeepMatrixFactorization;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACH18 (theory.md MF-C1, §1.2): under gradient flow (λ = 0) the balancedness matrices
/// C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ are constant, for any differentiable loss and any init. Checked as an exact
/// polynomial identity: with a free symbolic gradient matrix G and velocities Ẇ_j = −∂⟨G, W_N⋯W_1⟩/∂W_j derived
/// by differentiation, every entry of d/dt C_j expands to the zero polynomial. With weight decay λ
/// (Ẇ_j = −∂φ/∂W_j − λW_j) the same construction gives d/dt C_j = −2λC_j, i.e. C_j(t) = e^{−2λt}C_j(0).
/// </summary>
public sealed class MFC1_BalancednessConservation : Claim
{
    public override string Id => "MF-C1";
    public override string Title => "Balancedness W_{j+1}ᵀW_{j+1} − W_jW_jᵀ is conserved (deep MF)";
    public override Citation Citation => new(Paper.ACH18, "balancedness conservation (Thm 1 proof)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "d/dt(W_{j+1}ᵀW_{j+1} − W_jW_jᵀ) = 0 for j = 1…N−1 under gradient flow (= −2λC_j with weight decay λ)",
        @"\frac{d}{dt}\Big(W_{j+1}^\top(t)W_{j+1}(t)-W_j(t)W_j^\top(t)\Big)=0,\quad j=1,\dots,N-1\qquad(\lambda>0:\ \dot C_j=-2\lambda C_j)");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow Ẇ_j = −∂φ/∂W_j, φ = ℓ(W_N⋯W_1) (+ λ/2 Σ‖W_j‖² for the weight-decay form)", "any differentiable loss ℓ of the end matrix", "any initialization"];

    /// <summary>(d, N) sizes of the exact identity.</summary>
    public static readonly (int D, int N)[] Sizes = [(2, 2), (2, 3), (2, 4), (3, 2), (3, 3)];

    public static readonly Symbol Lambda = Expr.Sym("lambda", Symbolic.Assumptions.Positive);

    public override IReadOnlyList<IdentityInstance> Identities =>
        [.. Sizes.Select(s => Identity(s.D, s.N)), WeightDecay(2, 3), WeightDecay(3, 2)];

    private static IdentityInstance WeightDecay(int d, int n) =>
        new($"with weight decay λ: d/dt C_j ≡ −2λ C_j entrywise for all j, d={d}, N={n}, free symbolic ∇ℓ and λ", () =>
        {
            var mf = new M(n, d);
            var velocities = mf.Velocities.ToDictionary(kv => kv.Key, kv => kv.Value - Lambda * kv.Key);
            return Enumerable.Range(1, n - 1).SelectMany(j =>
                M.Residuals($"d/dt C_{j} + 2λC_{j}", M.Add(mf.BalancednessRate(j, velocities), M.Scale(Expr.Two * Lambda, mf.Balancedness(j)))));
        }, "entries");

    private static IdentityInstance Identity(int d, int n) =>
        new($"d/dt C_j ≡ 0 entrywise for all j, d={d}, N={n}, free symbolic ∇ℓ, Ẇ_j = −∂⟨G, W_e⟩/∂W_j derived", () =>
        {
            var mf = new M(n, d);
            return Enumerable.Range(1, n - 1).SelectMany(j => M.Residuals($"d/dt C_{j}", mf.BalancednessRate(j)));
        }, "entries");
}
