namespace ImplicitReg.Numerics.Baselines;

/// <summary>
/// Settings of <see cref="NuclearNormCompletion"/>. The defaults are ACHL19's baseline (theory.md §3.2: cvxpy
/// <c>minimize ‖X‖_*</c> s.t. |X_ij − y_ij| ≤ 10⁻³ on Ω, main.py L110–132) solved to a certified relative duality gap
/// of 10⁻⁴; <c>Delta = 0</c> is the equality-constrained problem.
/// </summary>
public sealed record NuclearNormOptions
{
    /// <summary>ACHL19's setting (δ = 10⁻³).</summary>
    public static NuclearNormOptions Achl19 { get; } = new();

    /// <summary>δ ≥ 0: the box half-width |X_ij − y_ij| ≤ δ on the observed entries.</summary>
    public double Delta { get; init; } = 1e-3;

    /// <summary>Stop when (‖X‖_* − dual bound)/max(‖X‖_*, |dual bound|) ≤ this …</summary>
    public double GapTolerance { get; init; } = 1e-4;

    /// <summary>… and max_Ω (|X_ij − y_ij| − δ)₊ ≤ this (absolute, in the units of y).</summary>
    public double FeasibilityTolerance { get; init; } = 1e-6;

    /// <summary>ADMM iteration cap; reaching it without the certificate returns <c>Converged = false</c>.</summary>
    public int MaxIterations { get; init; } = 20_000;

    /// <summary>ADMM penalty ρ₀ (the threshold is τ = 1/ρ); null: ρ₀ = √min(m, n)/‖P_Ω(y)‖_F. Adapted by residual balancing.</summary>
    public double? InitialPenalty { get; init; }

    /// <summary>ADMM over-relaxation α ∈ (0, 2) (Boyd et al. §3.4.3). 1.5 measured best of 1, 1.5, 1.8 on MF-E2: 180, 160, 50, 1100
    /// iterations for (2000 observations, δ = 0), (2000, 10⁻³), (5000, 0), (5000, 10⁻³) against 260, 240, 50, 1340 at α = 1
    /// and 280, 250, 40, 1300 at α = 1.8.</summary>
    public double Relaxation { get; init; } = 1.5;

    /// <summary>The certificate is evaluated every this many iterations (a Gram eigen-decomposition for ‖M̃‖₂, and an SVD
    /// without vectors for the box-rounded point once the iterate's gap is within tolerance).</summary>
    public int CertificateEvery { get; init; } = 10;

    /// <summary>How the singular value thresholding is computed.</summary>
    public ShrinkageMethod Shrinkage { get; init; } = ShrinkageMethod.GramEigen;

    internal void Validate()
    {
        if (!(Delta >= 0) || !double.IsFinite(Delta)) throw new ArgumentOutOfRangeException("options", $"options.Delta must be finite and ≥ 0, got {Delta}.");
        if (!(GapTolerance > 0)) throw new ArgumentOutOfRangeException("options", $"options.GapTolerance must be positive, got {GapTolerance}.");
        if (!(FeasibilityTolerance > 0)) throw new ArgumentOutOfRangeException("options", $"options.FeasibilityTolerance must be positive, got {FeasibilityTolerance}.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException("options", $"options.MaxIterations must be ≥ 1, got {MaxIterations}.");
        if (InitialPenalty is { } rho && !(rho > 0 && double.IsFinite(rho))) throw new ArgumentOutOfRangeException("options", $"options.InitialPenalty must be finite and positive, got {rho}.");
        if (!(Relaxation > 0 && Relaxation < 2)) throw new ArgumentOutOfRangeException("options", $"options.Relaxation must lie in (0, 2), got {Relaxation}.");
        if (CertificateEvery < 1) throw new ArgumentOutOfRangeException("options", $"options.CertificateEvery must be ≥ 1, got {CertificateEvery}.");
        if (!Enum.IsDefined(Shrinkage)) throw new ArgumentOutOfRangeException("options", $"options.Shrinkage {(int)Shrinkage} is not a ShrinkageMethod.");
    }
}
