using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.NotExplainableByNorms;

/// <summary>
/// theory.md NN-4 (RC20's "rank, not norm" message, bound derived there): on the canonical 2×2 instance with
/// det W &gt; 0 and ρ = √(2ℓ) &lt; 1, σ₂(W) = det W/σ₁(W) ≤ ρ + (1+ρ)²/|w₁₁| ≤ ρ(1 + (1+ρ)²/(1−ρ)²) → 0: the distance to
/// the rank-1 matrices vanishes while the norms diverge (NN-2). Encoded as exact identities (σ₁²σ₂² = det(WᵀW) =
/// det W², the bound det W ≤ |w₁₁|ρ + (1+ρ)² as a sum of non-negative products); checked pointwise numerically.
/// Note: the first inequality needs no sign of det W (|det W| ≤ |w₁₁|ρ + (1+ρ)² always, as |w₁₂|, |w₂₁| ≤ 1+ρ);
/// det W &gt; 0 enters through NN-2 in the second, ρ-only bound — which is what makes σ₂ → 0.
/// </summary>
public sealed class NN4_RankToOne : Claim
{
    private static Symbol W11 => NN2_NormsBlowUp.W11;
    private static Symbol W12 => NN2_NormsBlowUp.W12;
    private static Symbol W21 => NN2_NormsBlowUp.W21;
    private static Symbol W22 => NN2_NormsBlowUp.W22;
    private static Symbol Rho => NN2_NormsBlowUp.Rho;
    public static readonly Symbol AbsW11 = Expr.Sym("a", Symbolic.Assumptions.Positive);

    /// <summary>The upper bound ρ + (1+ρ)²/|w₁₁| on σ₂ (|w₁₁| written as the positive symbol a).</summary>
    public static Expr Bound => Rho + Expr.Pow(Expr.One + Rho, Expr.Two) / AbsW11;

    /// <summary>The ρ-only bound ρ(1 + (1+ρ)²/(1−ρ)²), from <see cref="Bound"/> and NN-2.</summary>
    public static Expr RhoBound => Rho * (Expr.One + Expr.Pow(Expr.One + Rho, Expr.Two) / Expr.Pow(Expr.One - Rho, Expr.Two));

    public override string Id => "NN-4";
    public override string Title => "σ2(W) ≤ ρ + (1+ρ)²/|w11| → 0: rank → 1 while norms → ∞";
    public override Citation Citation => new(Paper.RC20, "rank-not-norm discussion (bound derived in theory.md)", Confidence.Recalled);

    public override Statement Statement => new(
        "det W > 0, ρ = √(2ℓ(W)) < 1 ⇒ σ₂(W) ≤ ρ + (1+ρ)²/|w11| ≤ ρ(1 + (1+ρ)²/(1−ρ)²)",
        @"\sigma_2(W)=\frac{\det W}{\sigma_1(W)}\le\rho+\frac{(1+\rho)^2}{|w_{11}|}\le\rho\Big(1+\frac{(1+\rho)^2}{(1-\rho)^2}\Big)\xrightarrow[\ell\to0]{}0",
        Expr.Sym("sigma2"), Relation.LessOrEqual, Bound);

    public override IReadOnlyList<string> Assumptions =>
        ["canonical 2×2 instance of NN-2 (b₁₂ = b₂₁ = 1, b₂₂ = 0, ℓ = ½Σ_Ω)", "det W > 0", "ρ = √(2ℓ) < 1"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            var det = W11 * W22 - W12 * W21;
            // WᵀW for W = [[w11, w12], [w21, w22]].
            Expr g11 = W11 * W11 + W21 * W21, g12 = W11 * W12 + W21 * W22, g22 = W12 * W12 + W22 * W22;
            return
            [
                new("σ₁²σ₂² = det(WᵀW) = (det W)², so σ₂ = det W/σ₁ when det W > 0:",
                    g11 * g22 - g12 * g12, Expr.Pow(det, Expr.Two), "det(WᵀW) = det(W)²"),
                new("σ₁² ≥ w₁₁² because σ₁² + σ₂² = ‖W‖_F² and σ₁² ≥ (WᵀW)₁₁ = w₁₁² + w₂₁² (largest eigenvalue ≥ diagonal entry):",
                    g11, W11 * W11 + W21 * W21, "(WᵀW)₁₁"),
                new("With 1 − ρ ≤ w₁₂, w₂₁ ≤ 1 + ρ: (1+ρ)² − w₁₂w₂₁ = ((1+ρ) − w₁₂)w₂₁ + (1+ρ)((1+ρ) − w₂₁) ≥ 0, so det W ≤ |w₁₁||w₂₂| + … ≤ |w₁₁|ρ + (1+ρ)²:",
                    Expr.Pow(Expr.One + Rho, Expr.Two) - W12 * W21, (Expr.One + Rho - W12) * W21 + (Expr.One + Rho) * (Expr.One + Rho - W21), "algebra"),
                new("Dividing det W ≤ |w₁₁|ρ + (1+ρ)² by σ₁ ≥ |w₁₁| gives the bound:",
                    Expansion.Expand((AbsW11 * Rho + Expr.Pow(Expr.One + Rho, Expr.Two)) / AbsW11), Expansion.Expand(Bound), "algebra"),
                new("With NN-2's |w₁₁| ≥ (1−ρ)²/ρ, the bound is at most ρ(1 + (1+ρ)²/(1−ρ)²):",
                    Expansion.Expand(Substitution.Substitute(Bound, AbsW11, NN2_NormsBlowUp.Bound)), Expansion.Expand(RhoBound),
                    "substitution |w₁₁| = (1−ρ)²/ρ (the bound decreases in |w₁₁|)"),
            ];
        }
    }
}
