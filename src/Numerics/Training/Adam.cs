using System.Globalization;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with PyTorch's semantics (torch.optim.Adam, no weight decay, no amsgrad), the optimizer of
/// TF-E3 (theory.md §5.2): per coordinate, with g = g_k and m_0 = v_0 = 0,
/// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − (lr / (1 − β1^k))·m / (√v / √(1 − β2^k) + ε)
/// — PyTorch's order of operations (ε added after the bias correction of √v; m as in PyTorch ≤ 1.13, later versions
/// write the same average as m + (1 − β1)(g − m), equal up to rounding). The state (m, v) is the checkpoint state.
/// <see cref="Step"/> returns lr: τ_k = k·lr is a nominal time, not a gradient-flow time (Adam's step is per
/// coordinate and has no scalar η_k; theory.md §1's τ is exact only for GD and GroupRMSprop).
/// With <c>epsilonHat</c>, Kingma &amp; Ba's ε̂ as TensorFlow/Keras place it (tf.keras.optimizers.Adam, default ε = 1e-7, the
/// optimizer of the H24 code, DT-E1): θ ← θ − lr·√(1 − β2^k)/(1 − β1^k) · m / (√v + ε), i.e. the form above with ε/√(1 − β2^k).
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly double[] _m;
    private readonly double[] _v;

    /// <param name="dimension">Number of parameters (the length of θ).</param>
    /// <param name="epsilonHat">ε added to √v before the bias correction (TensorFlow/Keras) instead of after it (PyTorch).</param>
    public Adam(int dimension, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool epsilonHat = false)
    {
        if (dimension < 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension is non-negative.");
        if (!(lr > 0) || !double.IsFinite(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be positive and finite.");
        if (!(beta1 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must lie in [0, 1).");
        if (!(beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must lie in [0, 1).");
        if (!(eps >= 0) || !double.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "ε must be non-negative and finite.");
        Dimension = dimension;
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = eps;
        EpsilonHat = epsilonHat;
        _m = new double[dimension];
        _v = new double[dimension];
    }

    public int Dimension { get; }
    public double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    /// <summary>TensorFlow/Keras placement of ε (before the bias correction of √v).</summary>
    public bool EpsilonHat { get; }

    /// <summary>The first-moment average m (not bias-corrected).</summary>
    public ReadOnlySpan<double> FirstMoment => _m;

    /// <summary>The second-moment average v (not bias-corrected).</summary>
    public ReadOnlySpan<double> SecondMoment => _v;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"Adam(lr={LearningRate:R}, betas=({Beta1:R}, {Beta2:R}), eps={Epsilon:R}{(EpsilonHat ? ", eps-hat" : "")})");

    /// <summary>m then v.</summary>
    public int StateLength => 2 * Dimension;

    /// <summary>Step k ≥ 1 in place; returns lr (the nominal step; see the class summary).</summary>
    public double Step(Span<double> theta, ReadOnlySpan<double> gradient, long k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "Steps are numbered from 1 (bias corrections 1 − β^k).");
        if (theta.Length != Dimension || gradient.Length != Dimension)
            throw new ArgumentException($"Adam over {Dimension} parameters got θ of {theta.Length} and a gradient of {gradient.Length}.");
        double stepSize = LearningRate / (1 - Math.Pow(Beta1, k));
        double correction2 = Math.Sqrt(1 - Math.Pow(Beta2, k));
        double b1 = Beta1, b2 = Beta2, c1 = 1 - Beta1, c2 = 1 - Beta2, eps = EpsilonHat ? Epsilon / correction2 : Epsilon;
        var m = _m.AsSpan();
        var v = _v.AsSpan();
        for (int i = 0; i < theta.Length; i++)
        {
            double g = gradient[i];
            m[i] = b1 * m[i] + c1 * g;
            v[i] = b2 * v[i] + c2 * (g * g);
            theta[i] -= stepSize * (m[i] / (Math.Sqrt(v[i]) / correction2 + eps));
        }
        return LearningRate;
    }

    public void WriteState(Span<double> state)
    {
        if (state.Length != StateLength) throw new ArgumentException($"Adam's state is m and v, {StateLength} values; got room for {state.Length}.");
        _m.CopyTo(state);
        _v.CopyTo(state[Dimension..]);
    }

    public void ReadState(ReadOnlySpan<double> state)
    {
        if (state.Length != StateLength) throw new ArgumentException($"Adam's state is m and v, {StateLength} values; got {state.Length}.");
        state[..Dimension].CopyTo(_m);
        state[Dimension..].CopyTo(_v);
    }
}
