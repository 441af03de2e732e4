using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACHL19 Thm 3 (theory.md MF-6): under balanced gradient flow, dσ_r/dt = −N σ_r^{2−2/N}⟨∇ℓ(W), u_rv_rᵀ⟩.
/// Symbolic side (theory.md §8.0): the aligned scalar model W_j = diag(x) (all layers share the singular value
/// x &gt; 0, so σ = x^N and ẋ = −x^{N−1}g with g = ⟨∇ℓ, u_rv_rᵀ⟩), differentiated implicitly for symbolic N.
/// </summary>
public sealed class MF6_SingularValueDynamics : Claim
{
    public static readonly Symbol N = Expr.Sym("N", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol Sigma = Expr.Sym("sigma", SymbolAssumptions.Positive);
    public static readonly Symbol X = Expr.Sym("x", SymbolAssumptions.Positive);
    public static readonly Symbol G = Expr.Sym("g");

    /// <summary>The right-hand side −N·σ^{2−2/N}·g, compiled by the numeric check (g = ⟨∇ℓ, u_rv_rᵀ⟩).</summary>
    public static Expr Rate => -N * Expr.Pow(Sigma, Expr.Two - Expr.Two / N) * G;

    public override string Id => "MF-6";
    public override string Title => "Singular values move as −N·σ^(2−2/N)·⟨∇ℓ, u_rv_rᵀ⟩ under balanced init";
    public override Citation Citation => new(Paper.ACHL19, "Thm 3", Confidence.RecalledCorroborated);

    public override Statement Statement => new(
        "dσ_r/dt = −N σ_r^(2−2/N) ⟨∇ℓ(W), u_r v_rᵀ⟩ (balanced gradient flow)",
        @"\frac{d}{dt}\sigma_r(t)=-N\big(\sigma_r^2(t)\big)^{1-\frac1N}\big\langle\nabla\ell(W(t)),\,u_r(t)v_r^\top(t)\big\rangle",
        Differentiation.RateSymbol(Sigma), Relation.Equal, Rate);

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "balanced initialization C_j(0) = 0 (kept for all t by MF-C1)", "σ_r(t) > 0 and simple"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            // Aligned scalar model: σ = x^N, i.e. x = σ^{1/N}; each layer's singular value moves as ẋ = −x^{N−1} g
            // (∂σ/∂x_j = Π_{i≠j} x_i = x^{N−1} for the one coordinate x_j of layer j, and d/dt of the product).
            Symbol xDot = Differentiation.RateSymbol(X), sDot = Differentiation.RateSymbol(Sigma);
            var layerRate = -Expr.Pow(X, N - Expr.One) * G;
            var derived = RateDerivation.Derive(X, Expr.Pow(Sigma, Expr.One / N), Sigma, [new KnownRate(X, layerRate)]);
            var rates = new Dictionary<Symbol, Expr> { [X] = xDot, [Sigma] = sDot };
            return
            [
                new("Product rule on σ = x^N with every layer's x moving at ẋ = −x^{N−1}g: σ̇ = N x^{N−1}ẋ = −N x^{2N−2} g:",
                    Differentiation.TimeDerivative(Expr.Pow(X, N), rates), -N * Expr.Pow(X, Expr.Two * N - Expr.Two) * G,
                    "chain rule (Differentiation.TimeDerivative), ẋ = −x^{N−1}g", new Dictionary<Symbol, Expr> { [xDot] = layerRate }),
                new("Solving the differentiated balance relation x = σ^{1/N} for σ̇ (RateDerivation) gives σ̇ = −N g σ^{1−1/N} x^{N−1}:",
                    derived, -N * G * Expr.Pow(Sigma, Expr.One - Expr.One / N) * Expr.Pow(X, N - Expr.One), "implicit differentiation (RateDerivation)"),
                new("Eliminating x = σ^{1/N} (σ > 0, so (σ^{1/N})^{N−1} = σ^{(N−1)/N}) and expanding the exponents gives exactly the claimed right-hand side:",
                    Expansion.Expand(Substitution.Substitute(derived, X, Expr.Pow(Sigma, Expr.One / N))), Rate,
                    "substitution x = σ^{1/N}; exponent arithmetic (Expansion.Expand)"),
                new("N = 1 recovers the plain rate σ̇ = −g:",
                    Substitution.Substitute(Rate, N, Expr.One), -G, "substitution N = 1"),
            ];
        }
    }
}
