using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Gpu;

[Collection("Gpu")]
public sealed class SmokeTests(DeviceFixture fixture)
{
    [Fact]
    public void CpCompletionGradientAgrees()
    {
        var model = new CpFactorization([3, 4, 2], 3);
        var g = new Gaussian(5);
        var split = Observations.Sample(model.EndShape, 10, 7);
        var y = new double[10];
        g.Fill(y, 1);
        var loss = new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.Mean);
        var theta = GaussianInit.Sample(model, 0.7, 3);
        var objective = new Objective(model, loss);
        var grad = new double[theta.Length];
        double value = objective.ValueAndGradient(theta, grad);
        var program = DeviceProgram.For(model, loss, []);
        using var sim = new BatchSimulation(fixture.Device, program, [new BatchMember(loss, theta, new GradientDescent(0.01))]);
        var dg = sim.Gradients();
        Assert.Equal(value, sim.Loss(0), 12);
        for (int i = 0; i < grad.Length; i++) Assert.Equal(grad[i], dg[i], 12);
        var managed = new Simulation(objective, new GradientDescent(0.01), theta);
        for (int k = 0; k < 50; k++) managed.Step();
        sim.Step(50);
        var t = sim.Thetas();
        for (int i = 0; i < grad.Length; i++) Assert.Equal(managed.Theta[i], t[i], 12);
        Assert.Equal(managed.Time, sim.Time(0), 12);
        Assert.Equal(50, sim.Iteration(0));
    }
}
