using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Claim = ImplicitReg.Theory.Claims.MatrixFactorization.MF8_ScalarLawClosedForms;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>
/// ℓ(W) = −⟨C, W⟩ (constant gradient −C): with a 1×1 deep factorization and balanced layers x_j = σ₀^{1/N},
/// gradient flow is exactly the scalar law σ̇ = N c σ^{2−2/N} of MF-8 (σ = Π x_j). Not a squared error:
/// <see cref="Normalization"/> is reported as ½Σ only because the interface asks for one.
/// </summary>
public sealed class LinearLoss(TensorShape shape, double[] pull) : ILoss
{
    public TensorShape Shape { get; } = shape;
    public int MeasurementCount => Shape.Size;
    public LossNormalization Normalization => LossNormalization.HalfSum;

    public double Value(ReadOnlySpan<double> end)
    {
        double s = 0;
        for (int i = 0; i < end.Length; i++) s -= pull[i] * end[i];
        return s;
    }

    public double ValueAndGradient(ReadOnlySpan<double> end, Span<double> gradient)
    {
        for (int i = 0; i < end.Length; i++) gradient[i] = -pull[i];
        return Value(end);
    }
}

/// <summary>
/// MF-8 numerically: Dormand–Prince (rtol 1e-11) gradient flow of a 1×1 depth-N factorization under the linear
/// loss −cW from balanced x_j = σ₀^{1/N}, against the claim's closed forms compiled (N = 1 linear, N = 2
/// exponential, N ≥ 3 up to 0.9·t*). Control: an unbalanced split of the same σ₀ follows a different curve.
/// </summary>
public sealed class MF8_ScalarLawClosedFormsCheck : IClaimCheck
{
    public string ClaimId => "MF-8";

    private static readonly Symbol[] Parameters = [Claim.N, Claim.Sigma0, Claim.C, Claim.T];
    private static readonly Func<double[], double> Linear = Evaluation.Compile(Claim.LinearForm, Parameters);
    private static readonly Func<double[], double> Exponential = Evaluation.Compile(Claim.ExponentialForm, Parameters);
    private static readonly Func<double[], double> Power = Evaluation.Compile(Claim.ClosedForm, Parameters);
    private static readonly Func<double[], double> BlowUp = Evaluation.Compile(Claim.BlowUpTime, Parameters);

    public static double ClosedForm(int n, double sigma0, double c, double t) =>
        (n switch { 1 => Linear, 2 => Exponential, _ => Power })([n, sigma0, c, t]);

    public static double BlowUpTime(int n, double sigma0, double c) => BlowUp([n, sigma0, c, 0]);

    /// <summary>Horizon: 0.9·t* for N ≥ 3, else the time at which σ grows 20-fold.</summary>
    public static double Horizon(int n, double sigma0, double c) => n switch
    {
        1 => 19 * sigma0 / c,
        2 => Math.Log(20) / (2 * c),
        _ => 0.9 * BlowUpTime(n, sigma0, c),
    };

    /// <summary>max over 20 checkpoints in [0, horizon] of |σ_DP(t) − σ_closed(t)| / σ_closed(t); <paramref name="skew"/> ≠ 1 unbalances layer 1 vs 2.</summary>
    /// <param name="fraction">Fraction of <see cref="Horizon"/> to integrate over (unbalanced runs blow up earlier than t*).</param>
    public static double RelativeError(int n, double sigma0, double c, double skew = 1, double fraction = 1)
    {
        var model = DeepMatrixFactorization.Square(n, 1);
        var objective = new Objective(model, new LinearLoss(model.EndShape, [c]));
        var theta = Enumerable.Repeat(Math.Pow(sigma0, 1.0 / n), n).ToArray();
        if (n >= 2) { theta[0] *= skew; theta[1] /= skew; }
        var flow = new DormandPrince(objective, theta, relativeTolerance: 1e-11, absoluteTolerance: 1e-300);
        double horizon = fraction * Horizon(n, sigma0, c), worst = 0;
        for (int k = 1; k <= 20; k++)
        {
            double t = horizon * k / 20;
            flow.IntegrateTo(t);
            double sigma = 1;
            foreach (var x in flow.Theta) sigma *= x;
            double closed = ClosedForm(n, sigma0, c, t);
            worst = Math.Max(worst, Math.Abs(sigma - closed) / closed);
        }
        return worst;
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var cases = options.Thorough
            ? new[] { (1, 0.5, 1.0), (2, 1e-2, 0.7), (3, 1e-3, 1.0), (4, 1e-3, 0.5), (5, 1e-2, 2.0), (8, 1e-4, 1.0) }
            : new[] { (1, 0.5, 1.0), (2, 1e-2, 0.7), (3, 1e-3, 1.0), (4, 1e-3, 0.5), (6, 1e-2, 2.0) };
        foreach (var (n, s0, c) in cases)
            rows.Add(new EvidenceRow($"Dormand–Prince vs closed form, N = {n}, σ₀ = {s0}, c = {c}, t ≤ {Horizon(n, s0, c):0.###}" + (n >= 3 ? " (0.9 t*)" : ""),
                RelativeError(n, s0, c), 1e-8));
        var controls = new[] { (2, 1e-2, 0.7), (3, 1e-3, 1.0) }
            .Select(x => new EvidenceRow($"control (assumption violated): unbalanced split x₁ = 2x, x₂ = x/2, N = {x.Item1}, σ₀ = {x.Item2}, half the horizon",
                RelativeError(x.Item1, x.Item2, x.Item3, skew: 2, fraction: 0.5), 1e-8)).ToList();
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(Math.Max(10, options.PropertyCases / 5), options.Seed,
            g => (N: 1 + g.NextInt(6), Sigma0: Math.Pow(10, -3 * g.NextInt(1000) / 1000.0), C: 0.2 + 2 * g.NextInt(1000) / 1000.0),
            x => RelativeError(x.N, x.Sigma0, x.C) < 1e-8, x => $"N = {x.N}, σ₀ = {x.Sigma0}, c = {x.C}");
}
