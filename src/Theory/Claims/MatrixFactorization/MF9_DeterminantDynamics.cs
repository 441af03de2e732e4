using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// theory.md MF-9: for a square end matrix under balanced gradient flow,
/// d/dt det W = −N det W Σ_r σ_r^{1−2/N}⟨∇ℓ, u_rv_rᵀ⟩ (= det W·tr(W⁻¹Ẇ)); for N ≥ 2 the factor is bounded on bounded
/// sets, so by Grönwall det W never changes sign (the core of RC20, NN-1). The general statement is numeric
/// (SVD calculus, theory.md §8.0); the symbolic side checks the aligned (diagonal) reduction det = Π σ_r with
/// MF-6's rates, for symbolic N at d = 2 and d = 3.
/// </summary>
public sealed class MF9_DeterminantDynamics : Claim
{
    public static readonly Symbol N = Expr.Sym("N", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol Det = Expr.Sym("D");
    public static readonly Symbol Sum = Expr.Sym("S");
    public static readonly Symbol Sigma = Expr.Sym("sigma", SymbolAssumptions.Positive);
    public static readonly Symbol G = Expr.Sym("g");

    /// <summary>One term σ_r^{1−2/N}·⟨∇ℓ, u_rv_rᵀ⟩ of the sum S.</summary>
    public static Expr Term => Expr.Pow(Sigma, Expr.One - Expr.Two / N) * G;

    /// <summary>−N·det W·S.</summary>
    public static Expr Rate => -N * Det * Sum;

    public override string Id => "MF-9";
    public override string Title => "det W moves as −N·det W·Σ σ_r^(1−2/N)⟨∇ℓ, u_rv_rᵀ⟩ under balanced init";
    public override Citation Citation => new(Paper.ACHL19, "consequence of Thm 3 (used by RC20)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "d/dt det W = −N det W Σ_r σ_r^(1−2/N) ⟨∇ℓ(W), u_r v_rᵀ⟩ (square, balanced gradient flow)",
        @"\frac{d}{dt}\det W=-N\det(W)\sum_r\sigma_r^{1-\frac2N}\big\langle\nabla\ell(W),u_rv_r^\top\big\rangle",
        Differentiation.RateSymbol(Det), Relation.Equal, Rate);

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "square end matrix (d×d)", "balanced initialization C_j(0) = 0", "σ_r > 0 and simple"];

    public override IReadOnlyList<DerivationStep> Derivation => [Aligned(2), Aligned(3)];

    /// <summary>det = σ_1⋯σ_d with σ̇_r = −Nσ_r^{2−2/N}g_r (MF-6): d/dt det = −N det Σ_r σ_r^{1−2/N}g_r.</summary>
    private static DerivationStep Aligned(int d)
    {
        var sigmas = Enumerable.Range(1, d).Select(r => Expr.Sym($"sigma{r}", SymbolAssumptions.Positive)).ToArray();
        var gs = Enumerable.Range(1, d).Select(r => Expr.Sym($"g{r}")).ToArray();
        var rates = new Dictionary<Symbol, Expr>();
        for (int r = 0; r < d; r++)
            rates[sigmas[r]] = Substitution.Substitute(MF6_SingularValueDynamics.Rate, new Dictionary<Symbol, Expr>
            {
                [MF6_SingularValueDynamics.N] = N, [MF6_SingularValueDynamics.Sigma] = sigmas[r], [MF6_SingularValueDynamics.G] = gs[r],
            });
        var det = Expr.Multiply(sigmas.Select(s => (Expr)s));
        var sum = Expr.Add(Enumerable.Range(0, d).Select(r => Substitution.Substitute(Term, new Dictionary<Symbol, Expr> { [Sigma] = sigmas[r], [G] = gs[r] })));
        return new($"Aligned model, d = {d}: det W = σ_1⋯σ_{d} with each σ_r moving by MF-6; the product rule gives the claimed rate:",
            Differentiation.TimeDerivative(det, rates),
            Expansion.Expand(Substitution.Substitute(Rate, new Dictionary<Symbol, Expr> { [Det] = det, [Sum] = sum })),
            "product rule (Differentiation.TimeDerivative), MF-6 rates; σ_r·σ_r^{1−2/N} = σ_r^{2−2/N} (Expansion.Expand)");
    }
}
