using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// The ILGPU backend (CPU accelerator here and in CI) computes what the managed path computes: random batches of deep MF,
/// CP and HTF problems, completion and sensing, GD and GroupRMSprop, each problem with its own data, θ₀ and hyperparameters,
/// stepped on the device in one launch and one by one by <see cref="Simulation"/>; θ_k, φ(θ_k), ∇φ(θ_k) and τ_k agree to
/// <see cref="Float64Tolerance"/> in float64 and <see cref="Float32Tolerance"/> in float32 (the assertion reports the worst).
/// </summary>
[Collection("Gpu")]
[Properties(MaxTest = 25, Replay = Seeds.Replay)]
public sealed class DeviceAgreementProperties(DeviceFixture fixture)
{
    /// <summary>Relative agreement of θ, φ, ∇φ and τ in float64 after 60–200 steps (measured worst over 80 batches: 8e-13, in ∇φ; θ 3e-16).</summary>
    public const double Float64Tolerance = 1e-10;

    /// <summary>
    /// Relative agreement in float32 after 60–200 steps (float32 rounds at 6e-8; measured worst over 80 batches: ∇φ 2.2e-3,
    /// θ 8e-7, φ and τ 3e-6).
    /// </summary>
    public const double Float32Tolerance = 1e-2;

    /// <summary>
    /// φ and ∇φ are compared relative to their own size, or to this fraction of their size at θ₀ once they have decayed
    /// below it (near a fit they carry only the absolute rounding of the residuals).
    /// </summary>
    public const double Floor = 1e-3;

    public sealed record Differences(double Theta, double Loss, double Gradient, double Time)
    {
        public double Worst => new[] { Theta, Loss, Gradient, Time }.Max();
        public override string ToString() => $"θ {Theta:0.0e+0}, φ {Loss:0.0e+0}, ∇φ {Gradient:0.0e+0}, τ {Time:0.0e+0}";
    }

    /// <summary>max_i |a_i − b_i| / max(max_i |b_i|, floor) (0 when they agree exactly).</summary>
    public static double Relative(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double floor = 0)
    {
        double err = 0, scale = floor;
        for (int i = 0; i < expected.Length; i++)
        {
            err = Math.Max(err, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return err == 0 ? 0 : err / scale;
    }

    /// <summary>The worst differences over the batch between the device run and the managed runs.</summary>
    public static Differences Compare(ComputeDevice device, BatchCase c, Precision precision)
    {
        var program = DeviceProgram.For(c.Model, c.Problems[0].Loss, []);
        using var batch = new BatchSimulation(device, program, c.Members(), precision);
        batch.Step(c.Steps);
        var thetas = batch.Thetas();
        var gradients = batch.Gradients();
        int p = program.Parameters;
        double theta = 0, loss = 0, gradient = 0, time = 0;
        for (int b = 0; b < c.Problems.Count; b++)
        {
            var problem = c.Problems[b];
            var managed = new Simulation(new Objective(c.Model.Clone(), problem.Loss), problem.Optimizer(), problem.Theta0);
            double initial = managed.Loss, initialGradient = managed.Gradient.ToArray().Max(Math.Abs);
            for (int k = 0; k < c.Steps; k++) managed.Step();
            theta = Math.Max(theta, Relative(thetas.AsSpan(b * p, p), managed.Theta));
            gradient = Math.Max(gradient, Relative(gradients.AsSpan(b * p, p), managed.Gradient, Floor * initialGradient));
            loss = Math.Max(loss, Math.Abs(batch.Loss(b) - managed.Loss) / Math.Max(Math.Abs(managed.Loss), Floor * initial));
            time = Math.Max(time, Math.Abs(batch.Time(b) - managed.Time) / managed.Time);
            if (batch.Iteration(b) != c.Steps) return new Differences(double.PositiveInfinity, 0, 0, 0);
        }
        return new Differences(theta, loss, gradient, time);
    }

    [Property]
    public Property DeviceBatchAgreesWithTheManagedPathInFloat64() =>
        Prop.ForAll(BatchCases.Batches(), c =>
        {
            var d = Compare(fixture.Device, c, Precision.Float64);
            return (d.Worst <= Float64Tolerance).Label($"{c}: worst relative difference {d} (tolerance {Float64Tolerance:0e+0})");
        });

    [Property(MaxTest = 10)]
    public Property DeviceBatchAgreesWithTheManagedPathInFloat32() =>
        Prop.ForAll(BatchCases.Batches(), c =>
        {
            var d = Compare(fixture.Device, c, Precision.Float32);
            return (d.Worst <= Float32Tolerance).Label($"{c}: worst relative difference {d} (tolerance {Float32Tolerance:0e+0})");
        });
}
