using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Training;
using Xunit.Abstractions;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// Discrete methods against the gradient-flow reference (Dormand–Prince, rtol 1e-12) at the same GF time
/// (theory.md §1 "generic GD-vs-GF tolerance law", §8 recommended test 2): GD and GroupRMSprop are first order
/// in the step, RK4 fourth order. Observed order p = log₂(e(h)/e(h/2)) over h, h/2, h/4 with h scaled by the
/// Hessian's top eigenvalue λ̂ at θ_0 (horizon T = 4/λ̂).
/// </summary>
public static class ConvergenceOrders
{
    public const double Horizon = 4;

    /// <summary>GD with η = T/n for n = steps, 2·steps, 4·steps; errors ‖θ_GD(τ) − θ_GF(τ)‖ at the reached τ.</summary>
    public static double[] GradientDescentErrors(FlowProblem p, int steps = 80)
    {
        double T = Horizon * p.TimeUnit;
        return [.. new[] { steps, 2 * steps, 4 * steps }.Select(n =>
        {
            var sim = new Simulation(p.NewObjective(), new GradientDescent(T / n), p.Theta0);
            for (int k = 0; k < n; k++) sim.Step();
            return FlowProblem.Distance(sim.Theta, p.GradientFlow(sim.Time));
        })];
    }

    /// <summary>GroupRMSprop at lr, lr/2, lr/4 (lr giving η_1 λ̂ = 0.05) run until τ ≥ T; errors against GF at the τ reached.</summary>
    public static double[] GroupRmsPropErrors(FlowProblem p)
    {
        var g = new double[p.Theta0.Length];
        p.NewObjective().ValueAndGradient(p.Theta0, g);
        double lr = 0.05 * p.TimeUnit * Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(g));
        double T = Horizon * p.TimeUnit;
        return [.. new[] { lr, lr / 2, lr / 4 }.Select(rate =>
        {
            var sim = new Simulation(p.NewObjective(), new GroupRmsProp(rate), p.Theta0);
            while (sim.Time < T) sim.Step();
            return FlowProblem.Distance(sim.Theta, p.GradientFlow(sim.Time));
        })];
    }

    /// <summary>RK4 with h = T/n for n = steps, 2·steps, 4·steps against Dormand–Prince at rtol 1e-13.</summary>
    public static double[] RungeKutta4Errors(FlowProblem p, int steps = 20)
    {
        double T = Horizon * p.TimeUnit;
        var reference = p.GradientFlow(T, 1e-13, 1e-15);
        return [.. new[] { steps, 2 * steps, 4 * steps }.Select(n =>
        {
            var rk = new RungeKutta4(p.NewObjective(), p.Theta0, T / n);
            rk.IntegrateTo(T);
            return FlowProblem.Distance(rk.Theta, reference);
        })];
    }

    public static (double, double) Orders(double[] e) => (Math.Log2(e[0] / e[1]), Math.Log2(e[1] / e[2]));

    public static string Describe(double[] e)
    {
        var (p1, p2) = Orders(e);
        return $"errors {e[0]:0.00e+0}, {e[1]:0.00e+0}, {e[2]:0.00e+0}; observed orders {p1:0.000}, {p2:0.000}";
    }
}

[Properties(MaxTest = 6, Replay = Seeds.Replay, Arbitrary = [typeof(FlowProblemArbitraries)])]
public class GradientFlowConvergenceProperties
{
    private static bool Within(double x, double lo, double hi) => x >= lo && x <= hi;

    [Property]
    public Property GradientDescentConvergesToGradientFlowAtFirstOrder(FlowProblem p)
    {
        var e = ConvergenceOrders.GradientDescentErrors(p);
        var (p1, p2) = ConvergenceOrders.Orders(e);
        return (Within(p1, 0.8, 1.2) && Within(p2, 0.8, 1.2)).Label($"{p}: {ConvergenceOrders.Describe(e)}");
    }

    [Property]
    public Property GroupRmsPropConvergesToGradientFlowInTauAtFirstOrder(FlowProblem p)
    {
        var e = ConvergenceOrders.GroupRmsPropErrors(p);
        var (p1, p2) = ConvergenceOrders.Orders(e);
        return (e[0] > e[1] && e[1] > e[2] && Within(p1, 0.8, 1.2) && Within(p2, 0.8, 1.2)).Label($"{p}: {ConvergenceOrders.Describe(e)}");
    }

    [Property]
    public Property RungeKutta4ConvergesAtFourthOrder(FlowProblem p)
    {
        var e = ConvergenceOrders.RungeKutta4Errors(p);
        var (p1, p2) = ConvergenceOrders.Orders(e);
        return (Within(p1, 3.6, 4.4) && Within(p2, 3.6, 4.4)).Label($"{p}: {ConvergenceOrders.Describe(e)}");
    }
}

/// <summary>The same orders on deep MF N = 3, 3×3 (completion and sensing), printed for the record.</summary>
public sealed class GradientFlowConvergenceMeasurements(ITestOutputHelper output)
{
    public static TheoryData<bool> Kinds => new() { false, true };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ObservedOrdersOnSquareDepthThree(bool sensing)
    {
        var p = FlowProblem.Create([3, 3, 3, 3], 7, sensing);
        var gd = ConvergenceOrders.GradientDescentErrors(p);
        var rms = ConvergenceOrders.GroupRmsPropErrors(p);
        var rk = ConvergenceOrders.RungeKutta4Errors(p);
        output.WriteLine($"{p}\nGD: {ConvergenceOrders.Describe(gd)}\nGroupRMSprop: {ConvergenceOrders.Describe(rms)}\nRK4: {ConvergenceOrders.Describe(rk)}");
        foreach (var (e, lo, hi) in new[] { (gd, 0.8, 1.2), (rms, 0.8, 1.2), (rk, 3.6, 4.4) })
        {
            var (p1, p2) = ConvergenceOrders.Orders(e);
            Assert.InRange(p1, lo, hi);
            Assert.InRange(p2, lo, hi);
        }
    }
}
