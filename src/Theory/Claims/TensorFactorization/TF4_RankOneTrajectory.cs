namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// theory.md TF-4 (RMC21 Sec. 4 theorem [REC, statement reconstructed]; [BLOG] "with sufficiently small initialization,
/// tensor factorization (approximately) follows a trajectory of rank one tensors for an arbitrary amount of time"): with
/// w_r^n(0) = α·w̄_r^n and α → 0, for any horizon T and tolerance δ there is α₀ such that for α &lt; α₀ the end tensor stays
/// within δ of a rank-one (R = 1) trajectory over [t_α, t_α + T] (t_α: escape time from the origin).
/// </summary>
public sealed class TF4_RankOneTrajectory : Claim
{
    public override string Id => "TF-4";
    public override string Title => "Small init ⇒ CP factorization follows an approximately rank-one trajectory up to any horizon";
    public override Citation Citation => new(Paper.RMC21, "Sec. 4 theorem (rank-one trajectory; statement reconstructed)", Confidence.Recalled);

    public override Statement Statement => new(
        "∀T, δ ∃α₀: α < α₀ ⇒ ‖𝒲_e(t) − 𝒲_e^(R=1)(t − t_α)‖ ≤ δ on [t_α, t_α + T] (𝒲_e stays near rank one)",
        @"\forall T,\delta\ \exists\alpha_0:\ \alpha<\alpha_0\Rightarrow\sup_{t\in[t_\alpha,t_\alpha+T]}\big\|\mathcal W_e(t)-\mathcal W_e^{(1)}(t-t_\alpha)\big\|\le\delta");

    public override IReadOnlyList<string> Assumptions =>
        ["init w_r^n(0) = α·w̄_r^n, α → 0", "a unique component whose γ at the origin dominates; ℒ with locally Lipschitz gradient (technical conditions [REC])", "gradient flow (GD: small step)"];

    public override string NoSymbolicCheckBecause =>
        "statement recalled, trajectory-level (a limit α → 0 uniform over a time window): checked by α-sweeps of GD runs — distance to rank one (σ₂/σ₁ of the unfoldings) over the early window (theory.md §8.0: numeric only)";
}
