namespace ImplicitReg.Theory.Claims.NotExplainableByNorms;

/// <summary>
/// theory.md NN-3 (RC20's perturbed instances, data files completion_2x2_perturbed_w_-2_05_*.pt [CODE]; interpretation
/// [INF]): b₁₂ = −2, b₂₁ = 0.5, b₂₂ = ε. Every solution has det W = εw₁₁ + 1, so a solution with det W &lt; 0 needs
/// w₁₁ &lt; −1/ε; if GD keeps det W &lt; 0 (balanced init with det &lt; 0, small step, depth ≥ 3) the unobserved entry must
/// reach magnitude ≈ 1/ε — unbounded as ε → 0. Near a zero-loss point with residuals ≤ ρ the same algebra gives
/// |w₁₁| &gt; (2−ρ)(0.5−ρ)/(ε+ρ).
/// </summary>
public sealed class NN3_PerturbedInstances : Claim
{
    public override string Id => "NN-3";
    public override string Title => "Perturbed RC20 instances b = (−2, 0.5, ε): with det W < 0 kept, |w11| ≳ 1/ε";
    public override Citation Citation => new(Paper.RC20, "perturbed settings (data/dmf/completion_2x2_perturbed_*; interpretation inferred)", Confidence.Inferred);

    public override Statement Statement => new(
        "b = (b₁₂, b₂₁, b₂₂) = (−2, 0.5, ε), det W(t) < 0 for all t ⇒ at small loss |w11| ≳ 1/ε (solutions: det W = εw11 + 1 < 0 ⇔ w11 < −1/ε)",
        @"\det W(t)<0\ \forall t,\ \ell\to0\ \Rightarrow\ w_{11}<-\frac{(2-\rho)(\frac12-\rho)}{\varepsilon+\rho}\xrightarrow[\rho\to0]{}-\frac1\varepsilon");

    public override IReadOnlyList<string> Assumptions =>
        ["2×2 completion, Ω = {(1,2), (2,1), (2,2)}, b = (−2, 0.5, ε), ε > 0, ℓ = ½Σ_Ω", "depth L ≥ 3, balanced init with det W(0) < 0", "small step (det W keeps its sign, NN-1)", "the run converges (ℓ → 0); from w11(0) > 0 a det < 0 run cannot: det W < 0, w11 > 0, w12w21 < 0 force w22 < 0, so ℓ > ε²/2 (the check starts from w11(0) < 0 and records this branch)"];

    public override string NoSymbolicCheckBecause =>
        "statement about where a whole GD trajectory ends (needs NN-1's sign preservation along the run); the algebra det W = εw11 + 1 at solutions is one line — checked by ε-sweeps of balanced depth-3 runs and det-flipping controls (theory.md §9: numeric property)";
}
