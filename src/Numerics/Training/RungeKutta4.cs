using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Classical fourth-order Runge–Kutta on θ̇ = −∇φ(θ) with a fixed step: <see cref="IntegrateTo"/> splits
/// [t, τ] into ⌈(τ−t)/h⌉ equal steps, so it lands exactly on τ and takes steps of h when (τ−t)/h is whole.
/// </summary>
public sealed class RungeKutta4 : GradientFlowIntegrator
{
    private readonly double[] _k1, _k2, _k3, _k4, _stage;

    public RungeKutta4(Objective objective, ReadOnlySpan<double> theta, double step, double time = 0)
        : base(objective, theta, time)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be positive and finite.");
        StepSize = step;
        int n = theta.Length;
        _k1 = new double[n]; _k2 = new double[n]; _k3 = new double[n]; _k4 = new double[n]; _stage = new double[n];
    }

    public double StepSize { get; }
    public long Steps { get; private set; }

    public override void IntegrateTo(double tau)
    {
        CheckTarget(tau);
        double t0 = Time, span = tau - t0;
        if (span == 0) return;
        long n = Math.Max(1, (long)Math.Ceiling(span / StepSize * (1 - 1e-12)));
        double h = span / n;
        for (long i = 1; i <= n; i++)
        {
            Step(h);
            Time = i == n ? tau : t0 + i * h;
        }
    }

    /// <summary>One RK4 step of size h (does not advance <see cref="GradientFlowIntegrator.Time"/>).</summary>
    private void Step(double h)
    {
        Velocity(State, _k1);
        TensorPrimitives.MultiplyAdd(_k1, h / 2, State, _stage);
        Velocity(_stage, _k2);
        TensorPrimitives.MultiplyAdd(_k2, h / 2, State, _stage);
        Velocity(_stage, _k3);
        TensorPrimitives.MultiplyAdd(_k3, h, State, _stage);
        Velocity(_stage, _k4);
        // θ += h/6 (k1 + 2k2 + 2k3 + k4)
        TensorPrimitives.Add(_k2, _k3, _stage);
        TensorPrimitives.MultiplyAdd(_stage, 2, _k1, _stage);
        TensorPrimitives.Add(_stage, _k4, _stage);
        TensorPrimitives.MultiplyAdd(_stage, h / 6, State, State);
        Steps++;
    }
}
