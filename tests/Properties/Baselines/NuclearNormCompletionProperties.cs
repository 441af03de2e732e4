using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Baselines;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;

namespace ImplicitReg.Properties.Baselines;

/// <summary>
/// The nuclear-norm baseline of MF-E2 (theory.md §3.2): min ‖X‖_* s.t. |X_Ω − y| ≤ δ, checked against its own claims —
/// exact recovery in the classic regime, the duality certificate and the KKT conditions recomputed independently, an
/// independent brute-force minimum on tiny instances, and the effect of δ.
/// </summary>
[Properties(Arbitrary = [typeof(CompletionInstances)], MaxTest = 20, Replay = Seeds.Replay)]
public class NuclearNormCompletionProperties
{
    private const double Gap = 1e-4;

    [Property(DisplayName = "Nuclear-norm baseline recovers rank-1 (20–30) and rank-2 (30–40) matrices from 70% of their entries")]
    public Property RecoversLowRankMatricesFromSeventyPercentOfTheirEntries()
    {
        var arb = CompletionInstances.Recoverable.ToArbitrary();
        return Prop.ForAll(arb, c =>
        {
            var s = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, new NuclearNormOptions { Delta = 0, GapTolerance = 1e-6 });
            double error = ReconstructionError.Normalized(s.X, c.Target);
            return (s.Converged && error <= 1e-4 && s.Rank == c.Rank).Label($"{c}: {s}; ‖X − W*‖/‖W*‖ = {error:E2}");
        });
    }

    [Property(DisplayName = "Nuclear-norm baseline: ‖X‖_* ≤ ‖W*‖_*(1 + 2·gap), the dual bound and the violation recompute, ‖M‖₂ ≤ 1 (δ = 0 and 10⁻³)")]
    public Property CertificateHoldsWhenRecomputed(CompletionInstance c)
    {
        var labels = new List<string>();
        bool ok = true;
        foreach (double delta in new[] { 0, 1e-3 })
        {
            var s = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, new NuclearNormOptions { Delta = delta });
            var y = c.Values;
            var sigma = MatrixSpectrum.SingularValues(s.X, c.Rows, c.Cols);
            double nuclear = sigma.Sum();
            var m = DenseDual(c, s);
            double dualNorm = MatrixSpectrum.SingularValues(m, c.Rows, c.Cols)[0];
            double bound = 0, violation = 0;
            for (int e = 0; e < c.Omega.Length; e++)
            {
                bound += s.Dual[e] * y[e] - delta * Math.Abs(s.Dual[e]);
                violation = Math.Max(violation, Math.Abs(s.X[c.Omega[e]] - y[e]) - delta);
            }
            double scale = Math.Max(1, nuclear);
            ok &= s.Converged
                && Math.Abs(nuclear - s.NuclearNorm) <= 1e-10 * scale
                && Math.Abs(bound - s.DualBound) <= 1e-10 * scale
                && (nuclear - bound) <= Gap * scale
                && violation <= delta * 1e-12 + 1e-6
                && dualNorm <= 1 + 1e-12
                && s.NuclearNorm <= c.TargetNuclearNorm * (1 + 2 * Gap);
            labels.Add($"δ={delta}: {s}; recomputed ‖X‖_* {nuclear:G10}, bound {bound:G10}, violation {violation:E2}, ‖M‖₂ {dualNorm:G10}, ‖W*‖_* {c.TargetNuclearNorm:G10}");
        }
        return ok.Label($"{c}\n{string.Join("\n", labels)}");
    }

    [Property(DisplayName = "Nuclear-norm baseline KKT: M ∈ ∂‖X‖_* (‖X‖_* − ⟨M, X⟩ ≥ 0 small) and complementary slackness δ|M_ij| + M_ij(X_ij − y_ij) ≈ 0 on every box constraint")]
    public Property KktConditionsHold(CompletionInstance c)
    {
        const double delta = 0.05;
        var s = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, new NuclearNormOptions { Delta = delta });
        var y = c.Values;
        double alignment = 0, worstTerm = double.NegativeInfinity, slackness = 0, maxDual = 0;
        for (int e = 0; e < c.Omega.Length; e++)
        {
            double mij = s.Dual[e], residual = s.X[c.Omega[e]] - y[e];
            alignment += mij * s.X[c.Omega[e]];
            double term = delta * Math.Abs(mij) + mij * residual;   // ≥ 0 on the box; 0 ⇔ M_ij = 0 or X_ij − y_ij = −δ·sign M_ij
            slackness += term;
            worstTerm = Math.Max(worstTerm, term);
            maxDual = Math.Max(maxDual, Math.Abs(mij));
        }
        double subgradientSlack = s.NuclearNorm - alignment;
        double scale = Math.Max(1, s.NuclearNorm);
        // Entrywise: wherever |M_ij| is not tiny, the constraint is active on the side −sign(M_ij).
        double worstActive = 0;
        for (int e = 0; e < c.Omega.Length; e++)
            if (Math.Abs(s.Dual[e]) >= 0.1 * maxDual)
                worstActive = Math.Max(worstActive, Math.Abs(s.X[c.Omega[e]] - y[e] + delta * Math.Sign(s.Dual[e])));
        bool ok = s.Converged
            && subgradientSlack >= -1e-10 * scale && subgradientSlack <= Gap * scale
            && slackness >= -1e-10 * scale && slackness <= Gap * scale
            && worstTerm <= Gap * scale
            && Math.Abs(subgradientSlack + slackness - (s.NuclearNorm - s.DualBound)) <= 1e-10 * scale
            && s.DualSpectralNorm <= 1 + 1e-3
            && worstActive <= 0.2 * delta;
        return ok.Label($"{c}, δ={delta}: {s}; ‖X‖_* − ⟨M, X⟩ = {subgradientSlack:E2}, Σ slackness = {slackness:E2} (worst term {worstTerm:E2}), " +
            $"‖M̃‖₂ = {s.DualSpectralNorm:G10}, worst |X − y + δ sign M| where |M| ≥ 0.1 max = {worstActive:E2}");
    }

    [Property(DisplayName = "Nuclear-norm baseline: δ > 0 lowers the optimum, d₀ − δ‖M₀‖₁ ≤ p_δ ≤ (1 − δ/max|y|)·p₀")]
    public Property BoxWidthLowersTheObjectiveWithinTheDualBounds(CompletionInstance c)
    {
        const double delta = 0.05;
        var exact = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, new NuclearNormOptions { Delta = 0 });
        var boxed = NuclearNormCompletion.Solve(c.Rows, c.Cols, c.Omega, c.Values, new NuclearNormOptions { Delta = delta });
        double maxY = c.Values.Max(Math.Abs);
        // M₀ (‖M₀‖₂ ≤ 1) is feasible for the δ-dual, so weak duality gives the lower end; (1 − δ/max|y|)X₀* is δ-feasible.
        double lower = exact.DualBound - delta * exact.Dual.Sum(Math.Abs);
        double upper = (1 - delta / maxY) * exact.NuclearNorm;
        bool ok = exact.Converged && boxed.Converged
            && boxed.NuclearNorm >= lower * (1 - 1e-12)
            && boxed.NuclearNorm <= upper * (1 + 2 * Gap)
            && boxed.NuclearNorm < exact.NuclearNorm;
        return ok.Label($"{c}: δ=0 {exact}; δ={delta} {boxed}; bounds [{lower:G10}, {upper:G10}]");
    }

    [Property(DisplayName = "Nuclear-norm baseline matches a brute-force golden-section minimum over the unobserved entries (2×2, 3×3)", MaxTest = 25)]
    public Property MatchesBruteForceOnTinyInstances()
    {
        var tiny =
            from n in Gen.Choose(2, 3)
            from missing in Gen.Choose(1, 2)
            from seed in Gen.Choose(0, 1_000_000)
            select (n, missing: n == 2 ? 1 : missing, seed);
        return Prop.ForAll(tiny.ToArbitrary(), t =>
        {
            var g = new Gaussian(t.seed);
            var free = g.Permutation(t.n * t.n)[..t.missing];
            var omega = Enumerable.Range(0, t.n * t.n).Except(free).ToArray();
            var y = new double[omega.Length];
            g.Fill(y, 1);
            var s = NuclearNormCompletion.Solve(t.n, t.n, omega, y, new NuclearNormOptions { Delta = 0, GapTolerance = 1e-8 });
            double reference = BruteForceNuclearNorm.Minimum(t.n, t.n, omega, y);
            return (s.Converged && Math.Abs(s.NuclearNorm - reference) <= 1e-6 * reference)
                .Label($"{t.n}×{t.n}, unobserved [{string.Join(", ", free)}], y = [{string.Join(", ", y.Select(v => v.ToString("G6")))}]: {s}; brute force {reference:G12}");
        });
    }

    private static double[] DenseDual(CompletionInstance c, NuclearNormSolution s)
    {
        var m = new double[c.Rows * c.Cols];
        for (int e = 0; e < c.Omega.Length; e++) m[c.Omega[e]] = s.Dual[e];
        return m;
    }
}
