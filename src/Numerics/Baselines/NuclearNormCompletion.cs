namespace ImplicitReg.Numerics.Baselines;

/// <summary>
/// The nuclear-norm baseline of ACHL19's matrix completion experiments (theory.md §3.2, MF-E2 "nuclear"):
/// minimize ‖X‖_* subject to |X_ij − y_ij| ≤ δ for (i, j) ∈ Ω (δ = 0: X_Ω = y), the convex program the paper's code
/// hands to cvxpy/SCS (main.py L110–132).
/// <para>
/// Algorithm: over-relaxed scaled ADMM (Boyd et al. 2011, §3.1, §3.4.3) on min ‖X‖_* + 𝟙_B(Z) s.t. X = Z, B the box
/// set of Ω: X ← 𝒟_{1/ρ}(Z − U) (singular value thresholding, <see cref="SingularValueShrinkage"/>),
/// X̂ = αX + (1 − α)Z, Z ← Π_B(X̂ + U), U ← U + X̂ − Z; U stays supported on Ω. ρ is adapted by residual balancing
/// (§3.4.1: ×2 or ÷2 when one relative residual is 10× the other, U rescaled so that ρU is unchanged).
/// </para>
/// <para>
/// Certificate: the dual program is max ⟨M, y⟩ − δ‖M‖₁ over M supported on Ω with ‖M‖₂ ≤ 1. The ADMM dual iterate
/// M̃ = −ρU (at a fixed point M̃ ∈ ∂‖X‖_*) scaled to M = M̃/max(1, ‖M̃‖₂) gives a valid lower bound. Every
/// <see cref="NuclearNormOptions.CertificateEvery"/> iterations two primal points are tried: the thresholded iterate X (exactly low rank) — accepted when its gap ≤
/// <see cref="NuclearNormOptions.GapTolerance"/> and max_Ω(|X − y| − δ)₊ ≤ <see cref="NuclearNormOptions.FeasibilityTolerance"/>;
/// otherwise, once its gap is within tolerance, its box rounding Π_B(X) (Ω entries clamped into the box: feasible, not
/// exactly low rank) — accepted when ‖Π_B(X)‖_* is within the gap tolerance of the bound. With δ &gt; 0 the box
/// constraints are degenerate at the optimum (many weakly active) and ADMM reaches 10⁻⁶ feasibility of X itself only
/// sublinearly; the rounded point carries a complete certificate (feasible, relative gap ≤ tolerance) instead.
/// KKT at the optimum: ‖M‖₂ ≤ 1, ⟨M, X⟩ = ‖X‖_* (M ∈ ∂‖X‖_*), and X_ij − y_ij = −δ·sign(M_ij) where M_ij ≠ 0; the gap
/// is the sum of the two non-negative slacks (‖X‖_* − ⟨M, X⟩) + (⟨M, X − y⟩ + δ‖M‖₁).
/// </para>
/// Deterministic: no randomness, a fixed order of operations (Gemm, MathNet's managed eigen-decomposition and SVD).
/// </summary>
public static class NuclearNormCompletion
{
    private const double Balance = 10;

    /// <param name="rows">m ≥ 1.</param>
    /// <param name="cols">n ≥ 1.</param>
    /// <param name="observedLinearIndices">Ω as row-major linear indices i·n + j, distinct, in [0, m·n).</param>
    /// <param name="values">y, one finite value per observed index.</param>
    /// <param name="options">null: <see cref="NuclearNormOptions.Achl19"/>.</param>
    public static NuclearNormSolution Solve(int rows, int cols, int[] observedLinearIndices, double[] values, NuclearNormOptions? options = null)
    {
        options ??= NuclearNormOptions.Achl19;
        Validate(rows, cols, observedLinearIndices, values);
        options.Validate();
        var p = new Problem(rows, cols, observedLinearIndices, values, options.Delta);
        int size = p.Size, count = p.Count;
        var shrink = new SingularValueShrinkage(rows, cols, options.Shrinkage);
        var x = new double[size];
        if (p.ZeroIsFeasible)
        {
            // X = 0 is feasible, hence optimal, with certificate M = 0.
            return new NuclearNormSolution(rows, cols, x, x, 0, 0, 0, 0, 0, new double[count], [], 0, 0, true, false, 0, 0, 0);
        }

        var z = new double[size];
        var u = new double[size];
        var a = new double[size];
        var dual = new double[size];
        for (int e = 0; e < count; e++) z[p.Omega[e]] = Math.Clamp(0, p.Lower[e], p.Upper[e]);   // Z₀ = Π_B(0), U₀ = 0
        double rho = options.InitialPenalty ?? Math.Sqrt(Math.Min(rows, cols)) / p.ObservedNorm;
        double relax = options.Relaxation;
        double nuclear = 0, primalResidual = double.PositiveInfinity, dualResidual = double.PositiveInfinity;
        Certificate certificate = default;
        int iteration = 0;
        while (iteration < options.MaxIterations)
        {
            iteration++;
            for (int i = 0; i < size; i++) a[i] = z[i] - u[i];
            nuclear = shrink.Shrink(a, 1 / rho, x);

            // Z = Π_B(X̂ + U) (no clamp off Ω, where U = 0), U ← U + X̂ − Z; residuals r = X − Z, s = ρ(Z − Z_prev).
            double dz2 = 0, r2 = 0, x2 = 0, z2 = 0, u2 = 0;
            for (int i = 0; i < size; i++)
            {
                double free = relax * x[i] + (1 - relax) * z[i] + u[i];
                int e = p.Slot[i];
                double next = e < 0 ? free : Math.Clamp(free, p.Lower[e], p.Upper[e]);
                double step = next - z[i];
                dz2 += step * step;
                z[i] = next;
                x2 += x[i] * x[i];
                z2 += next * next;
                if (e >= 0)
                {
                    u[i] = free - next;
                    r2 += (x[i] - next) * (x[i] - next);
                    u2 += u[i] * u[i];
                }
            }
            primalResidual = Math.Sqrt(r2) / Math.Max(Math.Sqrt(Math.Max(x2, z2)), double.Epsilon);
            dualResidual = u2 > 0 ? Math.Sqrt(dz2 / u2) : double.PositiveInfinity;

            if (iteration % options.CertificateEvery == 0 || iteration == options.MaxIterations)
            {
                certificate = Certify(p, rho, u, x, nuclear, shrink, dual);
                if (Math.Abs(certificate.RelativeGap) <= options.GapTolerance && certificate.MaxViolation <= options.FeasibilityTolerance)
                    return Result(p, x, (double[])x.Clone(), shrink.KeptCount, nuclear, shrink.ThresholdedSingularValues.ToArray(), certificate, true, false, iteration, primalResidual, dualResidual, rho, dual);
                if (certificate.RelativeGap <= options.GapTolerance)
                {
                    x.CopyTo(a, 0);
                    p.ClampIntoBox(a);
                    double roundedNorm = shrink.NuclearNorm(a);
                    if (RelativeGap(roundedNorm, certificate.DualBound) <= options.GapTolerance)
                    {
                        var rounded = certificate with { RelativeGap = RelativeGap(roundedNorm, certificate.DualBound), MaxViolation = 0 };
                        return Result(p, (double[])a.Clone(), x, shrink.KeptCount, roundedNorm, shrink.SingularValues.ToArray(), rounded, true, true, iteration,
                            primalResidual, dualResidual, rho, dual);
                    }
                }
            }

            if (primalResidual > Balance * dualResidual) { rho *= 2; Scale(u, p.Omega, 0.5); }
            else if (dualResidual > Balance * primalResidual) { rho /= 2; Scale(u, p.Omega, 2); }
        }
        return Result(p, x, (double[])x.Clone(), shrink.KeptCount, nuclear, shrink.ThresholdedSingularValues.ToArray(), certificate, false, false, iteration, primalResidual, dualResidual, rho, dual);
    }

    /// <summary>Ω, y and the box [y − δ, y + δ]; <see cref="Slot"/>[i] = position of entry i in Ω, or −1.</summary>
    private sealed class Problem
    {
        public Problem(int rows, int cols, int[] omega, double[] values, double delta)
        {
            Rows = rows;
            Cols = cols;
            Omega = omega;
            Values = values;
            Delta = delta;
            Lower = values.Select(v => v - delta).ToArray();
            Upper = values.Select(v => v + delta).ToArray();
            Slot = new int[rows * cols];
            Array.Fill(Slot, -1);
            for (int e = 0; e < omega.Length; e++) Slot[omega[e]] = e;
            ObservedNorm = Math.Sqrt(values.Sum(v => v * v));
            ZeroIsFeasible = values.All(v => Math.Abs(v) <= delta);
        }

        public int Rows { get; }
        public int Cols { get; }
        public int Size => Rows * Cols;
        public int Count => Omega.Length;
        public int[] Omega { get; }
        public double[] Values { get; }
        public double Delta { get; }
        public double[] Lower { get; }
        public double[] Upper { get; }
        public int[] Slot { get; }
        public double ObservedNorm { get; }
        public bool ZeroIsFeasible { get; }

        public void ClampIntoBox(double[] x)
        {
            for (int e = 0; e < Omega.Length; e++) x[Omega[e]] = Math.Clamp(x[Omega[e]], Lower[e], Upper[e]);
        }
    }

    private readonly record struct Certificate(double DualBound, double RelativeGap, double MaxViolation, double DualSpectralNorm, double Scale);

    /// <summary>The bound of M̃ = −ρU (on Ω) scaled into the spectral unit ball, the gap of ‖X‖_*, X's violation; <paramref name="dual"/> = M̃ (dense).</summary>
    private static Certificate Certify(Problem p, double rho, double[] u, double[] x, double nuclear, SingularValueShrinkage shrink, double[] dual)
    {
        Array.Clear(dual);
        double inner = 0, l1 = 0, violation = 0;
        for (int e = 0; e < p.Count; e++)
        {
            int i = p.Omega[e];
            double m = -rho * u[i];
            dual[i] = m;
            inner += m * p.Values[e];
            l1 += Math.Abs(m);
            violation = Math.Max(violation, Math.Abs(x[i] - p.Values[e]) - p.Delta);
        }
        double spectral = shrink.SpectralNorm(dual);
        double scale = Math.Max(1, spectral);
        double bound = (inner - p.Delta * l1) / scale;
        return new Certificate(bound, RelativeGap(nuclear, bound), Math.Max(0, violation), spectral, scale);
    }

    private static double RelativeGap(double primal, double dualBound)
    {
        double denominator = Math.Max(Math.Abs(primal), Math.Abs(dualBound));
        return denominator == 0 ? 0 : (primal - dualBound) / denominator;
    }

    private static NuclearNormSolution Result(Problem p, double[] x, double[] thresholded, int rank, double nuclear, double[] singularValues,
        Certificate c, bool converged, bool rounded, int iterations, double primalResidual, double dualResidual, double rho, double[] dual)
    {
        var dualOnOmega = new double[p.Count];
        for (int e = 0; e < p.Count; e++) dualOnOmega[e] = dual[p.Omega[e]] / c.Scale;
        return new NuclearNormSolution(p.Rows, p.Cols, x, thresholded, nuclear, c.DualBound, c.RelativeGap, c.MaxViolation, c.DualSpectralNorm,
            dualOnOmega, singularValues, rank, iterations, converged, rounded, primalResidual, dualResidual, rho);
    }

    private static void Scale(double[] u, int[] omega, double factor)
    {
        foreach (int i in omega) u[i] *= factor;
    }

    private static void Validate(int rows, int cols, int[] observedLinearIndices, double[] values)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"rows must be ≥ 1, got {rows}.");
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(cols), $"cols must be ≥ 1, got {cols}.");
        if ((long)rows * cols > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(rows), $"A {rows}×{cols} matrix has more than 2^31 entries.");
        ObservedEntries.Validate(rows * cols, $"a {rows}×{cols} matrix", observedLinearIndices, values, i => $"entry ({i / cols}, {i % cols})");
    }
}
