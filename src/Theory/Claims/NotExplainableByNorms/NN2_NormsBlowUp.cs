using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.NotExplainableByNorms;

/// <summary>
/// RC20 Thm 1 (theory.md NN-2, bound derived there): on the canonical 2×2 instance (b₁₂ = b₂₁ = 1, b₂₂ = 0,
/// ℓ = ½Σ_Ω(W_ij − b_ij)²), det W &gt; 0 and ρ = √(2ℓ) &lt; 1 imply |w₁₁| ≥ (1−ρ)²/ρ → ∞ as ℓ → 0, so every norm
/// diverges. The semi-algebraic chain is encoded as exact polynomial identities (each residual ≤ ρ; the product
/// bound w₁₂w₂₁ ≥ (1−ρ)² as a sum of products of non-negative factors; |w₁₁|ρ ≥ w₁₁w₂₂ &gt; w₁₂w₂₁); the inequality
/// itself is checked pointwise, without tolerance, on trajectories and on random feasible W.
/// </summary>
public sealed class NN2_NormsBlowUp : Claim
{
    public static readonly Symbol W11 = Expr.Sym("w11"), W12 = Expr.Sym("w12"), W21 = Expr.Sym("w21"), W22 = Expr.Sym("w22");
    public static readonly Symbol Rho = Expr.Sym("rho", SymbolAssumptions.Positive);
    public static readonly Symbol B12 = Expr.Sym("b12", SymbolAssumptions.Positive), B21 = Expr.Sym("b21", SymbolAssumptions.Positive);

    /// <summary>The lower bound (1−ρ)²/ρ on |w₁₁|.</summary>
    public static Expr Bound => Expr.Pow(Expr.One - Rho, Expr.Two) / Rho;

    /// <summary>ℓ = ½((w₁₂−1)² + (w₂₁−1)² + w₂₂²).</summary>
    public static Expr Loss => Expr.Half * (Expr.Pow(W12 - Expr.One, Expr.Two) + Expr.Pow(W21 - Expr.One, Expr.Two) + Expr.Pow(W22, Expr.Two));

    public override string Id => "NN-2";
    public override string Title => "det W > 0 forces |w11| ≥ (1−√(2ℓ))²/√(2ℓ): norms blow up as the loss → 0";
    public override Citation Citation => new(Paper.RC20, "Thm 1", Confidence.Recalled);

    public override Statement Statement => new(
        "det W > 0, ρ = √(2ℓ(W)) < 1 ⇒ |w11| ≥ (1−ρ)²/ρ (canonical 2×2 instance)",
        @"\det W>0,\ \rho:=\sqrt{2\ell(W)}<1\ \Longrightarrow\ |w_{11}|\ \ge\ \frac{(1-\rho)^2}{\rho}\xrightarrow[\ell\to0]{}\infty",
        Expr.Abs(W11), Relation.GreaterOrEqual, Bound);

    public override IReadOnlyList<string> Assumptions =>
        ["Ω = {(1,2), (2,1), (2,2)}, b₁₂ = b₂₁ = 1, b₂₂ = 0, ℓ = ½Σ_Ω (W_ij − b_ij)²", "det W > 0", "ρ = √(2ℓ) < 1"];

    public override IReadOnlyList<DerivationStep> Derivation =>
    [
        new("Each residual is at most ρ: ρ² − (w₁₂ − 1)² = (w₂₁ − 1)² + w₂₂² ≥ 0 (likewise for w₂₁ − 1 and w₂₂), so w₁₂, w₂₁ ≥ 1 − ρ > 0 and |w₂₂| ≤ ρ:",
            Expr.Two * Loss - Expr.Pow(W12 - Expr.One, Expr.Two), Expr.Pow(W21 - Expr.One, Expr.Two) + Expr.Pow(W22, Expr.Two), "ρ² = 2ℓ"),
        new("Product bound: w₁₂w₂₁ − (1−ρ)² = (w₁₂ − (1−ρ))·w₂₁ + (1−ρ)(w₂₁ − (1−ρ)), a sum of products of non-negative factors:",
            W12 * W21 - Expr.Pow(Expr.One - Rho, Expr.Two), (W12 - (Expr.One - Rho)) * W21 + (Expr.One - Rho) * (W21 - (Expr.One - Rho)), "algebra"),
        new("det W > 0 means w₁₁w₂₂ > w₁₂w₂₁ ≥ (1−ρ)² > 0:",
            W11 * W22 - W12 * W21, W11 * W22 - Expr.Pow(Expr.One - Rho, Expr.Two) - (W12 * W21 - Expr.Pow(Expr.One - Rho, Expr.Two)), "det W = w₁₁w₂₂ − w₁₂w₂₁"),
        new("and |w₁₁|ρ − w₁₁w₂₂ = |w₁₁|(ρ − sign(w₁₁)w₂₂) ≥ 0 since |w₂₂| ≤ ρ; so |w₁₁|ρ > (1−ρ)², i.e. |w₁₁| > (1−ρ)²/ρ:",
            Bound * Rho, Expr.Pow(Expr.One - Rho, Expr.Two), "divide by ρ > 0"),
        new("General observations (b₂₂ = 0, b₁₂, b₂₁ > ρ): w₁₂w₂₁ − (b₁₂−ρ)(b₂₁−ρ) = (w₁₂ − (b₁₂−ρ))w₂₁ + (b₁₂−ρ)(w₂₁ − (b₂₁−ρ)) ≥ 0, so |w₁₁| > (b₁₂−ρ)(b₂₁−ρ)/ρ:",
            W12 * W21 - (B12 - Rho) * (B21 - Rho), (W12 - (B12 - Rho)) * W21 + (B12 - Rho) * (W21 - (B21 - Rho)), "algebra"),
    ];
}
