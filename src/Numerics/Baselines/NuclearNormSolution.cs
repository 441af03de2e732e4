namespace ImplicitReg.Numerics.Baselines;

/// <summary>
/// Result of <see cref="NuclearNormCompletion.Solve"/> with its optimality certificate.
/// Weak duality: for every M supported on Ω with ‖M‖₂ ≤ 1, ⟨M, y⟩ − δ‖M‖₁ ≤ min{‖X‖_* : |X_Ω − y| ≤ δ}; so when
/// <paramref name="MaxViolation"/> = 0 the optimum lies in [<paramref name="DualBound"/>, <paramref name="NuclearNorm"/>].
/// </summary>
/// <param name="Rows">m.</param>
/// <param name="Cols">n.</param>
/// <param name="X">The certified solution, row-major m×n: <paramref name="ThresholdedX"/> itself, or its box rounding when <paramref name="Rounded"/>.</param>
/// <param name="ThresholdedX">The last ADMM iterate 𝒟_τ(Z − U), exactly of rank <paramref name="Rank"/> (may violate the box by a little).</param>
/// <param name="NuclearNorm">Primal objective ‖X‖_*.</param>
/// <param name="DualBound">⟨M, y⟩ − δ‖M‖₁ for the dual matrix <paramref name="Dual"/>: a lower bound on the optimum.</param>
/// <param name="RelativeGap">(‖X‖_* − DualBound)/max(‖X‖_*, |DualBound|); negative only when X is slightly infeasible.</param>
/// <param name="MaxViolation">max over Ω of (|X_ij − y_ij| − δ)₊ (0 when <paramref name="Rounded"/>).</param>
/// <param name="DualSpectralNorm">‖M̃‖₂ of the ADMM dual M̃ = −ρU on Ω before scaling (KKT: → 1 at the optimum).</param>
/// <param name="Dual">M = M̃/max(1, ‖M̃‖₂) on Ω, in the order of the observed indices given to Solve; ‖M‖₂ ≤ 1.</param>
/// <param name="SingularValues">Singular values of X, descending (the non-zero ones when X is the thresholded iterate; all min(m, n) when rounded).</param>
/// <param name="Rank">Rank of <paramref name="ThresholdedX"/>.</param>
/// <param name="Iterations">ADMM iterations done.</param>
/// <param name="Converged">The certificate met the tolerances (false: the iteration cap was reached; X is then the thresholded iterate).</param>
/// <param name="Rounded">X = Π_B(ThresholdedX): its Ω entries clamped into [y − δ, y + δ].</param>
/// <param name="PrimalResidual">‖X − Z‖_F/max(‖X‖_F, ‖Z‖_F) at the last iteration (Z: the ADMM's box-feasible copy).</param>
/// <param name="DualResidual">ρ‖Z − Z_prev‖_F/‖ρU‖_F at the last iteration.</param>
/// <param name="Penalty">The final ADMM penalty ρ.</param>
public sealed record NuclearNormSolution(
    int Rows,
    int Cols,
    double[] X,
    double[] ThresholdedX,
    double NuclearNorm,
    double DualBound,
    double RelativeGap,
    double MaxViolation,
    double DualSpectralNorm,
    double[] Dual,
    double[] SingularValues,
    int Rank,
    int Iterations,
    bool Converged,
    bool Rounded,
    double PrimalResidual,
    double DualResidual,
    double Penalty)
{
    public override string ToString() =>
        $"‖X‖_* = {NuclearNorm:G8}, dual bound {DualBound:G8}, gap {RelativeGap:E2}, violation {MaxViolation:E2}, " +
        $"{(Rounded ? "box-rounded " : "")}rank-{Rank} iterate, {Iterations} iterations{(Converged ? "" : " (not converged)")}";
}
