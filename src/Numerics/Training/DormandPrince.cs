using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Adaptive Dormand–Prince 5(4) on θ̇ = −∇φ(θ) (Hairer–Nørsett–Wanner I, §II.4–5): local extrapolation
/// (propagates the 5th-order solution), FSAL, error norm √(mean((eᵢ/(atol + rtol·max(|θᵢ|,|θ'ᵢ|)))²)),
/// step accepted when the norm ≤ 1, new step h·min(5, max(0.2, 0.9·err^(−1/5))) and no growth right after a
/// rejection; Hairer's starting-step heuristic. <see cref="IntegrateTo"/> shortens the last step to land
/// exactly on τ and throws after <see cref="MaxSteps"/> attempted steps in one call.
/// </summary>
public sealed class DormandPrince : GradientFlowIntegrator
{
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
    // E = b − b̂ (5th minus embedded 4th order weights).
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;
    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 5;

    private readonly double[] _k1, _k2, _k3, _k4, _k5, _k6, _k7, _stage, _next;
    private bool _haveK1;
    private double _h;

    public DormandPrince(Objective objective, ReadOnlySpan<double> theta, double relativeTolerance = 1e-10, double absoluteTolerance = 1e-12,
        long maxSteps = 1_000_000, double time = 0)
        : base(objective, theta, time)
    {
        if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0) || relativeTolerance + absoluteTolerance == 0)
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), "Tolerances are non-negative and not both zero.");
        if (maxSteps < 1) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "At least one step.");
        RelativeTolerance = relativeTolerance;
        AbsoluteTolerance = absoluteTolerance;
        MaxSteps = maxSteps;
        int n = theta.Length;
        _k1 = new double[n]; _k2 = new double[n]; _k3 = new double[n]; _k4 = new double[n];
        _k5 = new double[n]; _k6 = new double[n]; _k7 = new double[n]; _stage = new double[n]; _next = new double[n];
    }

    public double RelativeTolerance { get; }
    public double AbsoluteTolerance { get; }
    public long MaxSteps { get; }
    public long AcceptedSteps { get; private set; }
    public long RejectedSteps { get; private set; }

    /// <summary>The step size the controller proposes next (0 before the first step).</summary>
    public double ProposedStep => _h;

    public override void IntegrateTo(double tau)
    {
        CheckTarget(tau);
        if (tau == Time) return;
        if (!_haveK1)
        {
            Velocity(State, _k1);
            _haveK1 = true;
        }
        if (_h == 0) _h = InitialStep(tau - Time);
        bool rejectedLast = false;
        for (long attempt = 0; ; attempt++)
        {
            if (attempt >= MaxSteps)
                throw new InvalidOperationException($"Dormand–Prince: {MaxSteps} steps did not reach τ = {tau:R} (stopped at t = {Time:R}, h = {_h:R}).");
            double remaining = tau - Time;
            bool last = _h >= remaining;
            double h = last ? remaining : _h;
            if (Time + h == Time)
                throw new InvalidOperationException($"Dormand–Prince: step size {h:R} underflows at t = {Time:R} on the way to τ = {tau:R}.");
            double err = TryStep(h);
            if (err <= 1)
            {
                AcceptedSteps++;
                _next.CopyTo(State, 0);
                _k7.CopyTo(_k1, 0);
                Time = last ? tau : Time + h;
                double factor = err == 0 ? MaxFactor : Math.Min(MaxFactor, Math.Max(MinFactor, Safety * Math.Pow(err, -0.2)));
                if (rejectedLast) factor = Math.Min(factor, 1);
                // Keep the controller's proposal when only the landing shortened the step.
                _h = last && h < _h ? Math.Max(_h, h * factor) : h * factor;
                rejectedLast = false;
                if (last) return;
            }
            else
            {
                RejectedSteps++;
                double factor = double.IsFinite(err) ? Math.Max(MinFactor, Safety * Math.Pow(err, -0.2)) : MinFactor;
                _h = h * factor;
                rejectedLast = true;
            }
        }
    }

    /// <summary>One trial step from (Time, State) with k1 known: writes θ' to _next, k7 = f(θ'), returns the error norm.</summary>
    private double TryStep(double h)
    {
        var y = State;
        int n = y.Length;
        for (int i = 0; i < n; i++) _stage[i] = y[i] + h * (A21 * _k1[i]);
        Velocity(_stage, _k2);
        for (int i = 0; i < n; i++) _stage[i] = y[i] + h * (A31 * _k1[i] + A32 * _k2[i]);
        Velocity(_stage, _k3);
        for (int i = 0; i < n; i++) _stage[i] = y[i] + h * (A41 * _k1[i] + A42 * _k2[i] + A43 * _k3[i]);
        Velocity(_stage, _k4);
        for (int i = 0; i < n; i++) _stage[i] = y[i] + h * (A51 * _k1[i] + A52 * _k2[i] + A53 * _k3[i] + A54 * _k4[i]);
        Velocity(_stage, _k5);
        for (int i = 0; i < n; i++) _stage[i] = y[i] + h * (A61 * _k1[i] + A62 * _k2[i] + A63 * _k3[i] + A64 * _k4[i] + A65 * _k5[i]);
        Velocity(_stage, _k6);
        for (int i = 0; i < n; i++) _next[i] = y[i] + h * (B1 * _k1[i] + B3 * _k3[i] + B4 * _k4[i] + B5 * _k5[i] + B6 * _k6[i]);
        Velocity(_next, _k7);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double e = h * (E1 * _k1[i] + E3 * _k3[i] + E4 * _k4[i] + E5 * _k5[i] + E6 * _k6[i] + E7 * _k7[i]);
            double scale = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(_next[i]));
            double r = e / scale;
            sum += r * r;
        }
        return n == 0 ? 0 : Math.Sqrt(sum / n);
    }

    /// <summary>Hairer–Nørsett–Wanner I, §II.4 starting step (order 5), capped by the span to integrate.</summary>
    private double InitialStep(double span)
    {
        var y = State;
        int n = y.Length;
        double d0 = 0, d1 = 0;
        for (int i = 0; i < n; i++)
        {
            double sc = AbsoluteTolerance + RelativeTolerance * Math.Abs(y[i]);
            d0 += y[i] / sc * (y[i] / sc);
            d1 += _k1[i] / sc * (_k1[i] / sc);
        }
        d0 = Math.Sqrt(d0 / Math.Max(n, 1));
        d1 = Math.Sqrt(d1 / Math.Max(n, 1));
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.Min(h0, span);
        for (int i = 0; i < n; i++) _stage[i] = y[i] + h0 * _k1[i];
        Velocity(_stage, _k2);
        double d2 = 0;
        for (int i = 0; i < n; i++)
        {
            double sc = AbsoluteTolerance + RelativeTolerance * Math.Abs(y[i]);
            double r = (_k2[i] - _k1[i]) / sc;
            d2 += r * r;
        }
        d2 = Math.Sqrt(d2 / Math.Max(n, 1)) / h0;
        double h1 = Math.Max(d1, d2) <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / 5);
        return Math.Min(100 * h0, h1);
    }
}
