using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// The locality regularizer of RMC22 (theory.md §6.2, HTF-R), on the tensor-network view of a convolutional
/// network: f(x) = ⟨𝒲, x^1 ⊗ ⋯ ⊗ x^N⟩, one mode per input position, x^n its feature vector (theory.md §6.1,
/// TF-NN). A patch is a set of modes. For a batch x_1 … x_B:
///   g_b = ∇_{x_I} f(x_b) (the patch-I block of the input gradient, flattened), ĝ_b = g_b/‖g_b‖;
///   x'_b = x_b with patch J taken from x_{b+1} (cyclic shift of the batch by one, as the official
///   `shuffle_patch_func`); ĝ'_b the same for x'_b;
///   𝓡 = (1/B) Σ_b |⟨ĝ_b, ĝ'_b⟩|.
/// 𝓡 = 1 whenever f is separable w.r.t. a partition that puts I and J on different sides (HTF-7), and 𝓡 &lt; 1
/// generically: minimizing λ𝓡 pushes towards high separation (hierarchical) rank across (I, J).
/// Since f is linear in 𝒲, g_b = M_b 𝒲 with (M_b)_{(n,i), idx} = [idx_n = i] Π_{m≠n} x^m_{idx_m}; the gradient
/// ∂𝓡/∂𝒲 uses the adjoint M_bᵀ (no second-order autodiff needed), and ∂𝓡/∂θ is any model's one
/// <see cref="Models.IFactorization.Backward"/> applied to it.
/// </summary>
public sealed class LocalityRegularizer
{
    private readonly int[] _patchI;
    private readonly int[] _patchJ;
    private readonly int[] _offsets; // offset of mode n's block inside the patch-I gradient, −1 when n ∉ I

    public LocalityRegularizer(TensorShape shape, int[] patchI, int[] patchJ)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        Validate(patchI, nameof(patchI));
        Validate(patchJ, nameof(patchJ));
        if (patchI.Intersect(patchJ).Any())
            throw new ArgumentException($"Patches I = {{{string.Join(",", patchI)}}} and J = {{{string.Join(",", patchJ)}}} must be disjoint (theory.md §6.2).", nameof(patchJ));
        _patchI = patchI.Order().ToArray();
        _patchJ = patchJ.Order().ToArray();
        _offsets = Enumerable.Repeat(-1, shape.Order).ToArray();
        int offset = 0;
        foreach (int n in _patchI) { _offsets[n] = offset; offset += shape[n]; }
        PatchSize = offset;
    }

    private void Validate(int[] patch, string name)
    {
        ArgumentNullException.ThrowIfNull(patch, name);
        if (patch.Length == 0) throw new ArgumentException("A patch needs at least one mode.", name);
        foreach (int n in patch)
            if ((uint)n >= (uint)Shape.Order) throw new ArgumentOutOfRangeException(name, $"Mode {n} is outside 0..{Shape.Order - 1}.");
        if (patch.Distinct().Count() != patch.Length) throw new ArgumentException($"Patch {{{string.Join(",", patch)}}} repeats a mode.", name);
    }

    public TensorShape Shape { get; }
    public IReadOnlyList<int> PatchI => _patchI;
    public IReadOnlyList<int> PatchJ => _patchJ;

    /// <summary>Length of g_b: Σ_{n∈I} D_n.</summary>
    public int PatchSize { get; }

    /// <summary>f(x) = ⟨𝒲, ⊗_n x^n⟩.</summary>
    public double Output(ReadOnlySpan<double> w, double[][] x)
    {
        CheckSample(x, "x");
        var index = new int[Shape.Order];
        double sum = 0;
        for (int k = 0; k < Shape.Size; k++)
        {
            Shape.MultiIndex(k, index);
            double p = w[k];
            for (int n = 0; n < Shape.Order; n++) p *= x[n][index[n]];
            sum += p;
        }
        return sum;
    }

    /// <summary>g = ∇_{x_I} f(x): for n ∈ I (ascending), ∂f/∂x^n_i = Σ_{idx: idx_n = i} 𝒲_idx Π_{m≠n} x^m_{idx_m}.</summary>
    public void PatchGradient(ReadOnlySpan<double> w, double[][] x, Span<double> g)
    {
        CheckSample(x, "x");
        if (g.Length != PatchSize) throw new ArgumentException($"The patch gradient has length {PatchSize}, not {g.Length}.", nameof(g));
        g.Clear();
        var index = new int[Shape.Order];
        for (int k = 0; k < Shape.Size; k++)
        {
            Shape.MultiIndex(k, index);
            foreach (int n in _patchI) g[_offsets[n] + index[n]] += w[k] * LeaveOneOut(x, index, n);
        }
    }

    /// <summary>dw += scale·M(x)ᵀ v, the adjoint of 𝒲 ↦ ∇_{x_I} f(x): (Mᵀv)_idx = Σ_{n∈I} v_{(n, idx_n)} Π_{m≠n} x^m_{idx_m}.</summary>
    private void AddAdjoint(double[][] x, ReadOnlySpan<double> v, double scale, Span<double> dw)
    {
        var index = new int[Shape.Order];
        for (int k = 0; k < Shape.Size; k++)
        {
            Shape.MultiIndex(k, index);
            double s = 0;
            foreach (int n in _patchI) s += v[_offsets[n] + index[n]] * LeaveOneOut(x, index, n);
            dw[k] += scale * s;
        }
    }

    private static double LeaveOneOut(double[][] x, int[] index, int skip)
    {
        double p = 1;
        for (int m = 0; m < x.Length; m++)
            if (m != skip) p *= x[m][index[m]];
        return p;
    }

    /// <summary>x'_b: sample b with the modes of patch J replaced by those of sample (b + 1) mod B.</summary>
    public double[][][] Shuffled(double[][][] batch)
    {
        CheckBatch(batch);
        int count = batch.Length;
        return Enumerable.Range(0, count).Select(b => Enumerable.Range(0, Shape.Order)
            .Select(n => (double[])(_patchJ.Contains(n) ? batch[(b + 1) % count][n] : batch[b][n]).Clone()).ToArray()).ToArray();
    }

    /// <summary>𝓡 = (1/B) Σ_b |cos(∇_{x_I} f(x_b), ∇_{x_I} f(x'_b))|.</summary>
    public double Value(ReadOnlySpan<double> w, double[][][] batch) => Evaluate(w, batch, Span<double>.Empty);

    /// <summary>𝓡 and ∂𝓡/∂𝒲 (written into <paramref name="gradient"/>, length Shape.Size).</summary>
    public double ValueAndGradient(ReadOnlySpan<double> w, double[][][] batch, Span<double> gradient)
    {
        if (gradient.Length != Shape.Size) throw new ArgumentException($"∂𝓡/∂𝒲 has {Shape.Size} entries, not {gradient.Length}.", nameof(gradient));
        return Evaluate(w, batch, gradient);
    }

    private double Evaluate(ReadOnlySpan<double> w, double[][][] batch, Span<double> gradient)
    {
        if (w.Length != Shape.Size) throw new ArgumentException($"𝒲 of shape {Shape} has {Shape.Size} entries, not {w.Length}.", nameof(w));
        CheckBatch(batch);
        var shuffled = Shuffled(batch);
        bool withGradient = !gradient.IsEmpty;
        gradient.Clear();
        var g = new double[PatchSize];
        var gp = new double[PatchSize];
        double total = 0;
        int count = batch.Length;
        for (int b = 0; b < count; b++)
        {
            PatchGradient(w, batch[b], g);
            PatchGradient(w, shuffled[b], gp);
            double a = Norm(g), c = Norm(gp);
            if (a == 0 || c == 0)
                throw new ArithmeticException($"The patch-I gradient of sample {b}{(a == 0 ? "" : " after the patch-J swap")} is zero: its direction, and so 𝓡, is undefined.");
            double cos = Dot(g, gp) / (a * c);
            total += Math.Abs(cos);
            if (!withGradient) continue;
            // d|cos|/d𝒲 = sign(cos)·[Mᵀg′/(‖g‖‖g′‖) + M′ᵀg/(‖g‖‖g′‖) − cos·(Mᵀg/‖g‖² + M′ᵀg′/‖g′‖²)], divided by B.
            double sign = Math.Sign(cos) / (double)count;
            var u = new double[PatchSize];
            for (int i = 0; i < PatchSize; i++) u[i] = gp[i] / (a * c) - cos * g[i] / (a * a);
            AddAdjoint(batch[b], u, sign, gradient);
            for (int i = 0; i < PatchSize; i++) u[i] = g[i] / (a * c) - cos * gp[i] / (c * c);
            AddAdjoint(shuffled[b], u, sign, gradient);
        }
        return total / count;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    private void CheckBatch(double[][][] batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Length == 0) throw new ArgumentException("The batch is empty.", nameof(batch));
        for (int b = 0; b < batch.Length; b++) CheckSample(batch[b], $"batch[{b}]");
    }

    private void CheckSample(double[][] x, string where)
    {
        if (x is null || x.Length != Shape.Order) throw new ArgumentException($"{where} needs {Shape.Order} feature vectors (one per mode), not {x?.Length ?? 0}.");
        for (int n = 0; n < Shape.Order; n++)
            if (x[n] is null || x[n].Length != Shape[n]) throw new ArgumentException($"{where}[{n}] needs {Shape[n]} features, not {x[n]?.Length ?? 0}.");
    }
}
