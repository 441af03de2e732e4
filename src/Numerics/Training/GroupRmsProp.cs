using System.Globalization;
using System.Numerics.Tensors;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// GroupRMSprop (theory.md §1): one scalar step for all parameters,
/// s_k = α s_{k−1} + (1−α)‖g_k‖², η_k = lr / (√(s_k / (1−α^k)) + ε), θ_{k+1} = θ_k − η_k g_k, with s_0 = 0.
/// </summary>
public sealed class GroupRmsProp : IOptimizer
{
    private double _s;

    public GroupRmsProp(double lr, double alpha = 0.99, double eps = 1e-6)
    {
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be positive and finite.");
        if (!(alpha is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must lie in [0, 1).");
        if (!(eps >= 0) || !double.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "ε must be non-negative and finite.");
        LearningRate = lr;
        Alpha = alpha;
        Epsilon = eps;
    }

    public double LearningRate { get; }
    public double Alpha { get; }
    public double Epsilon { get; }

    /// <summary>The running average s_k of ‖g‖² (not bias-corrected).</summary>
    public double SquareAverage => _s;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"GroupRMSprop(lr={LearningRate:R}, alpha={Alpha:R}, eps={Epsilon:R})");
    public int StateLength => 1;

    public double Step(Span<double> theta, ReadOnlySpan<double> gradient, long k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "Steps are numbered from 1 (bias correction 1 − α^k).");
        _s = Alpha * _s + (1 - Alpha) * TensorPrimitives.SumOfSquares(gradient);
        double eta = LearningRate / (Math.Sqrt(_s / (1 - Math.Pow(Alpha, k))) + Epsilon);
        TensorPrimitives.MultiplyAdd(gradient, -eta, theta, theta);
        return eta;
    }

    public void WriteState(Span<double> state) => state[0] = _s;

    public void ReadState(ReadOnlySpan<double> state)
    {
        if (state.Length != 1) throw new ArgumentException($"GroupRMSprop's state is s alone, got {state.Length} values.");
        _s = state[0];
    }
}
