namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// theory.md TF-5 (RMC21 corollary/proposition [REC]; [BLOG] "if tensor completion has a rank one solution, then under
/// certain technical conditions, tensor factorization will reach it"): if the rank-one trajectory of TF-4 converges to a
/// global minimizer 𝒲* of rank one, then lim_{α→0} lim_{t→∞} 𝒲_e(t) = 𝒲*. Exact conditions [UNKNOWN].
/// </summary>
public sealed class TF5_RankOneConvergence : Claim
{
    public override string Id => "TF-5";
    public override string Title => "Rank-one solvable completion: as α → 0 CP factorization converges to a rank-one solution";
    public override Citation Citation => new(Paper.RMC21, "corollary of the rank-one-trajectory theorem (Sec. 4)", Confidence.Recalled);

    public override Statement Statement => new(
        "a rank-one solution exists (and the rank-one trajectory reaches it) ⇒ lim_{α→0} lim_{t→∞} 𝒲_e(t) = 𝒲*, rank 𝒲* = 1",
        @"\lim_{\alpha\to0}\lim_{t\to\infty}\mathcal W_e(t)=\mathcal W^*,\qquad\mathrm{rank}(\mathcal W^*)=1");

    public override IReadOnlyList<string> Assumptions =>
        ["init w_r^n(0) = α·w̄_r^n, α → 0", "the completion problem has a rank-one solution reached by the rank-one (R = 1) trajectory", "gradient flow (GD: small step); technical conditions of the paper [UNKNOWN]"];

    public override string NoSymbolicCheckBecause =>
        "statement recalled, trajectory-level (a double limit t → ∞ then α → 0): checked by α-sweeps of GD runs (theory.md §8.0: numeric only)";
}
