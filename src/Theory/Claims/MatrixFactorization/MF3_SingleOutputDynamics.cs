using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACH18 single-output case (theory.md MF-3): for a 1×d end matrix wᵀ under balanced gradient flow (λ = 0),
/// ẇ = −‖w‖^{2−2/N}(∇ℓ + (N−1)Pr_w∇ℓ). Split along ŵ and its complement: ẇ_∥ = −N‖w‖^{2−2/N}⟨∇ℓ, ŵ⟩ (the MF-6 law
/// for the single singular value σ = ‖w‖) and ẇ_⊥ = −‖w‖^{2−2/N}(∇ℓ)_⊥. The symbolic side checks this scalar
/// reduction for symbolic N; the vector law itself is checked numerically.
/// </summary>
public sealed class MF3_SingleOutputDynamics : Claim
{
    public static readonly Symbol N = Expr.Sym("N", SymbolAssumptions.PositiveInteger);
    /// <summary>‖w‖.</summary>
    public static readonly Symbol S = Expr.Sym("s", SymbolAssumptions.Positive);
    /// <summary>⟨∇ℓ, ŵ⟩.</summary>
    public static readonly Symbol GParallel = Expr.Sym("g_par");
    /// <summary>A component of ∇ℓ orthogonal to ŵ.</summary>
    public static readonly Symbol GPerp = Expr.Sym("g_perp");

    /// <summary>Coefficient of ∇ℓ in the law, −‖w‖^{2−2/N}.</summary>
    public static Expr GradientCoefficient => -Expr.Pow(S, Expr.Two - Expr.Two / N);

    /// <summary>Coefficient of Pr_w∇ℓ in the law, −(N−1)‖w‖^{2−2/N}.</summary>
    public static Expr ProjectionCoefficient => -(N - Expr.One) * Expr.Pow(S, Expr.Two - Expr.Two / N);

    public override string Id => "MF-3";
    public override string Title => "Single output: ẇ = −‖w‖^(2−2/N)(∇ℓ + (N−1)Pr_w ∇ℓ) under balanced init";
    public override Citation Citation => new(Paper.ACH18, "single-output corollary of Thm 1", Confidence.Recalled);

    public override Statement Statement => new(
        "ẇ = −‖w‖^(2−2/N)(∇ℓ(w) + (N−1)⟨∇ℓ(w), ŵ⟩ŵ) for a 1×d end matrix (balanced gradient flow)",
        @"\dot{\mathbf w}=-\|\mathbf w\|^{2-\frac2N}\Big(\nabla\ell(\mathbf w)+(N-1)\,\mathrm{Pr}_{\mathbf w}\big(\nabla\ell(\mathbf w)\big)\Big),\quad \mathrm{Pr}_{\mathbf w}(g)=\langle g,\hat{\mathbf w}\rangle\hat{\mathbf w}");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow, no weight decay (λ = 0)", "single output: W_e = wᵀ ∈ ℝ^{1×d}", "balanced initialization C_j(0) = 0", "w ≠ 0"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            // Component of the law along ŵ: ∇ℓ contributes g_par, Pr_w∇ℓ contributes g_par.
            var parallel = GradientCoefficient * GParallel + ProjectionCoefficient * GParallel;
            // Orthogonal component: Pr_w∇ℓ has none.
            var perpendicular = GradientCoefficient * GPerp + ProjectionCoefficient * Expr.Zero;
            return
            [
                new("Along ŵ the law is ẇ_∥ = −‖w‖^{2−2/N}(g_∥ + (N−1)g_∥) = −N‖w‖^{2−2/N}g_∥:",
                    parallel, -N * Expr.Pow(S, Expr.Two - Expr.Two / N) * GParallel, "⟨Pr_w g, ŵ⟩ = ⟨g, ŵ⟩"),
                new("which is MF-6's σ̇ = −Nσ^{2−2/N}⟨∇ℓ, u vᵀ⟩ for the single singular value σ = ‖w‖ (u = 1, v = ŵ):",
                    parallel, Substitution.Substitute(MF6_SingularValueDynamics.Rate,
                        new Dictionary<Symbol, Expr> { [MF6_SingularValueDynamics.N] = N, [MF6_SingularValueDynamics.Sigma] = S, [MF6_SingularValueDynamics.G] = GParallel }),
                    "MF-6 with σ = ‖w‖"),
                new("Orthogonally to ŵ only ∇ℓ acts: ẇ_⊥ = −‖w‖^{2−2/N}g_⊥ (the direction turns at rate ‖w‖^{1−2/N}g_⊥):",
                    perpendicular, -Expr.Pow(S, Expr.Two - Expr.Two / N) * GPerp, "Pr_w g_⊥ = 0"),
                new("N = 1 (no over-parameterization) gives plain gradient flow ẇ = −∇ℓ in both components:",
                    Substitution.Substitute(parallel + perpendicular, N, Expr.One), -(GParallel + GPerp), "substitution N = 1"),
            ];
        }
    }
}
