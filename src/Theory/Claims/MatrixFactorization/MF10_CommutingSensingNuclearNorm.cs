namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// ACHL19 Sec. 2 / Thm 2 (theory.md MF-10), extending Gunasekar et al. 2017 to depth: with symmetric commuting
/// measurement matrices and identity-type init W_j(0) = α^{1/N}I, if the gradient-flow limit W̄ = lim_{α→0} W_∞(α)
/// exists and fits the measurements, it is a minimum-nuclear-norm PSD solution — for every depth N ≥ 2, i.e. depth
/// does not change the answer in the restricted setting. Numeric only (a limit α → 0 of trained networks).
/// </summary>
public sealed class MF10_CommutingSensingNuclearNorm : Claim
{
    public override string Id => "MF-10";
    public override string Title => "Commuting sensing, init α^(1/N)I: lim_(α→0) W_∞(α) is a min-nuclear-norm PSD solution for every depth";
    public override Citation Citation => new(Paper.ACHL19, "Sec. 2, Thm 2", Confidence.Recalled);

    public override Statement Statement => new(
        "symmetric commuting A_1…A_m, W_j(0) = α^(1/N)I, N ≥ 2: if W̄ = lim_(α→0) W_∞(α) exists and 𝒜(W̄) = y, then W̄ ∈ argmin {‖W‖_* : W ⪰ 0, 𝒜(W) = y}",
        @"\bar W=\lim_{\alpha\to0}W_\infty(\alpha),\ \mathcal A(\bar W)=y\ \Rightarrow\ \bar W\in\arg\min\{\|W\|_*:W\succeq0,\ \mathcal A(W)=y\}");

    public override IReadOnlyList<string> Assumptions =>
        ["symmetric, pairwise commuting measurement matrices (checked with diagonal A_i = diag(a_i), so the problem is a depth-N diagonal network on x ≥ 0 and ‖W‖_* = 1ᵀx)",
         "identity-type init W_j(0) = α^(1/N)I (end matrix αI), α → 0", "gradient flow (checked with small-step GD) run to a global optimum 𝒜(W) = y",
         "depth N ≥ 2 (N = 1 is plain least squares and not covered)"];

    public override string NoSymbolicCheckBecause =>
        "the claim is about a limit α → 0 of the limits of trained networks, with no closed form to expand (theory.md §8.0 lists MF-10 as numeric only: diagonal reduction, α-sweep and an LP)";
}
