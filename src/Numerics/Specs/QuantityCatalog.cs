using System.Globalization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Specs;

/// <summary>
/// The quantities a simulation can record, by name (the config's <c>record</c> list; theory.md §1.1):
/// <c>reconstruction-error</c>, <c>reconstruction-mse</c>, <c>test-error</c>, <c>singular-values:K</c>, <c>effective-rank</c>,
/// <c>alignment</c>, <c>det</c>, <c>balancedness</c>, <c>component-norms:K</c>, <c>local-component-norms:K</c>,
/// <c>matricization-singular-values:K:MODES</c> (the top K singular values of ⟦𝒲⟧_MODES, MODES = 0-based row modes such as
/// <c>0,1</c>; theory.md §6.1, §1.1), <c>slice-norms</c>, <c>entries</c> (every entry of a small end tensor, e.g. RC20's 2×2 W;
/// columns w11, w12, … in C order, 1-based), <c>train-loss</c> (the full-batch loss on every observed entry, when training on
/// minibatches), <c>test-mse</c> (mean squared error on the held-out entries), <c>mode-singular-values:K</c> (top K singular
/// values of the mode-1 unfolding, DT-2.2). A name that does not apply to the
/// model is an error that says which models it applies to.
/// </summary>
public static class QuantityCatalog
{
    public static readonly IReadOnlyList<string> Names =
        ["reconstruction-error", "reconstruction-mse", "test-error", "singular-values:K", "effective-rank", "alignment", "det", "balancedness",
            "component-norms:K", "local-component-norms:K", "matricization-singular-values:K:MODES", "slice-norms", "entries", "train-loss",
            "test-mse", "mode-singular-values:K"];

    public static IQuantity Create(string spec, IFactorization model, double[] target, int[] testIndices)
    {
        var parts = spec.Split(':', 3);   // NAME[:K[:MODES]]; Build has validated K
        var quantity = Build(spec, model, target, testIndices);
        return new CatalogQuantity(spec, parts[0], parts.Length > 1 ? int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture) : 0, model, quantity);
    }

    private static IQuantity Build(string spec, IFactorization model, double[] target, int[] testIndices)
    {
        var parts = spec.Split(':', 2);
        string name = parts[0];
        if (name == "matricization-singular-values") return MatricizationSingularValues(spec, model);
        int k = 0;
        if (name is "singular-values" or "local-component-norms" or "component-norms" or "mode-singular-values")
        {
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out k) || k < 1)
                throw new ArgumentException($"'{spec}': write {name}:K with K ≥ 1 (how many to record).");
        }
        else if (parts.Length > 1) throw new ArgumentException($"'{spec}': {name} takes no ':' argument.");

        var end = new double[model.EndShape.Size];
        switch (name)
        {
            case "reconstruction-error":
                return new Quantity(name, (theta, _) =>
                {
                    model.End(theta, end);
                    return ReconstructionError.Normalized(end, target);
                });
            case "reconstruction-mse":
                return new Quantity(name, (theta, _) =>
                {
                    model.End(theta, end);
                    return ReconstructionError.MeanSquared(end, target);
                });
            case "test-error":
                if (testIndices.Length == 0) throw new ArgumentException("'test-error' needs held-out entries (completion with count < size).");
                return new Quantity(name, (theta, _) =>
                {
                    model.End(theta, end);
                    double num = 0, den = 0;
                    foreach (int i in testIndices)
                    {
                        num += (end[i] - target[i]) * (end[i] - target[i]);
                        den += target[i] * target[i];
                    }
                    return Math.Sqrt(num / Math.Max(den, double.Epsilon));
                });
            case "singular-values" when model.EndShape.Order == 2:
                return new ColumnsQuantity(SingularValueColumns(k), (theta, values) =>
                {
                    model.End(theta, end);
                    var s = MatrixSpectrum.SingularValues(end, model.EndShape[0], model.EndShape[1]);
                    for (int i = 0; i < values.Length; i++) values[i] = i < s.Length ? s[i] : 0;
                });
            case "effective-rank" when model.EndShape.Order == 2:
                return new Quantity(name, (theta, _) =>
                {
                    model.End(theta, end);
                    return EffectiveRank.Of(MatrixSpectrum.SingularValues(end, model.EndShape[0], model.EndShape[1]));
                });
            case "alignment" when model.EndShape.Order == 2:
                {
                    var gradient = new double[model.EndShape.Size];
                    return new ColumnsQuantity(["diag-mean", "diag-std", "offdiag-mean", "offdiag-std"], (theta, objective, values) =>
                    {
                        model.End(theta, end);
                        objective.Loss.ValueAndGradient(end, gradient);
                        var a = GradientAlignment.Of(end, gradient, model.EndShape[0], model.EndShape[1]);
                        (values[0], values[1], values[2], values[3]) = (a.DiagonalMean, a.DiagonalStd, a.OffDiagonalMean, a.OffDiagonalStd);
                    });
                }
            case "det" when model.EndShape.Order == 2 && model.EndShape[0] == model.EndShape[1]:
                return new Quantity(name, (theta, _) =>
                {
                    model.End(theta, end);
                    return MatrixSpectrum.Determinant(end, model.EndShape[0]);
                });
            case "balancedness" when model is DeepMatrixFactorization mf:
                return new Quantity(name, (theta, _) => BalancednessResidual.MaxFrobenius(mf, theta));
            case "balancedness" when model is HierarchicalTensorFactorization htf:
                return new Quantity(name, (theta, _) => HtfBalancednessResidual.Of(htf, theta));
            case "balancedness" when model is CpFactorization cp:
                return new Quantity(name, (theta, _) => CpBalancednessResidual.Max(cp, theta));
            case "component-norms" when model is CpFactorization cp:
                return new ColumnsQuantity(ComponentNormColumns(k), (theta, values) =>
                {
                    var top = ComponentNorm.TopK(cp, theta, k);
                    for (int i = 0; i < values.Length; i++) values[i] = i < top.Length ? top[i] : 0;
                });
            case "local-component-norms" when model is HierarchicalTensorFactorization htf:
                {
                    var nodes = htf.Tree.InteriorNodes.ToArray();
                    var columns = nodes.SelectMany(n => LocalComponentColumns(htf.Tree, n, k)).ToArray();
                    return new ColumnsQuantity(columns, (theta, values) =>
                    {
                        int at = 0;
                        foreach (var n in nodes)
                        {
                            var top = LocalComponentNorm.TopK(htf, theta, n, k);
                            for (int i = 0; i < k; i++) values[at++] = i < top.Length ? top[i] : 0;
                        }
                    });
                }
            case "slice-norms" when model is DeepTuckerFactorization dt:
                {
                    var columns = Enumerable.Range(1, dt.Dims[0]).Select(i => $"s1_{i}").ToArray();
                    return new ColumnsQuantity(columns, (theta, values) =>
                        CoreSliceNorms.Compute(dt.Core(theta), dt.CoreShape, 0, values));
                }
            case "train-loss":
                return new Quantity(name, (theta, objective) => objective.Value(theta));
            case "test-mse":
                if (testIndices.Length == 0) throw new ArgumentException("'test-mse' needs held-out entries (completion with count < size).");
                return new Quantity(name, (theta, _) =>
                {
                    model.End(theta, end);
                    double sum = 0;
                    foreach (int i in testIndices) sum += (end[i] - target[i]) * (end[i] - target[i]);
                    return sum / testIndices.Length;
                });
            case "mode-singular-values" when model.EndShape.Order >= 2:
                return new ColumnsQuantity(Enumerable.Range(1, k).Select(i => $"mode1_sigma{i}").ToArray(), (theta, values) =>
                {
                    model.End(theta, end);
                    var s = ModeUnfoldingSpectrum.SingularValues(end, model.EndShape, 0);
                    for (int i = 0; i < values.Length; i++) values[i] = i < s.Length ? s[i] : 0;
                });
            case "entries" when model.EndShape.Size <= MaxEntries:
                {
                    var shape = model.EndShape.Dims.ToArray();
                    var columns = Enumerable.Range(0, model.EndShape.Size).Select(i => "w" + string.Concat(Unravel(i, shape).Select(j => j + 1))).ToArray();
                    return new ColumnsQuantity(columns, (theta, values) => model.End(theta, values));
                }
            case "entries":
                throw new ArgumentException($"'entries' logs every entry and is for small end tensors (≤ {MaxEntries} entries); {model.Name} has {model.EndShape.Size}.");
            default:
                if (!Names.Any(n => n.Split(':')[0] == name))
                    throw new ArgumentException($"unknown quantity '{name}' (known: {string.Join(", ", Names)}).");
                throw new ArgumentException($"'{name}' does not apply to {model.Name}.");
        }
    }

    private const int MaxEntries = 64;

    private static int[] Unravel(int linear, int[] shape)
    {
        var index = new int[shape.Length];
        for (int n = shape.Length - 1; n >= 0; n--)
        {
            index[n] = linear % shape[n];
            linear /= shape[n];
        }
        return index;
    }

    /// <summary>The column names of <c>singular-values:K</c>: <c>sigma1</c> … <c>sigmaK</c>.</summary>
    public static string[] SingularValueColumns(int k) => Enumerable.Range(1, k).Select(i => $"sigma{i}").ToArray();

    /// <summary>The column names of <c>component-norms:K</c>: <c>norm1</c> … <c>normK</c>.</summary>
    public static string[] ComponentNormColumns(int k) => Enumerable.Range(1, k).Select(i => $"norm{i}").ToArray();

    /// <summary>The column names of <c>local-component-norms:K</c> at interior node ν: <c>lc{0,1}_1</c> … <c>lc{0,1}_K</c> (<see cref="ModeTree.Label"/>).</summary>
    public static string[] LocalComponentColumns(ModeTree tree, int node, int k) =>
        Enumerable.Range(1, k).Select(i => $"lc{tree.Label(node)}_{i}").ToArray();

    /// <summary>
    /// The column names of <c>matricization-singular-values:K:MODES</c>: <c>mat{0,1}_1</c> … <c>mat{0,1}_K</c> (modes 0-based,
    /// increasing, as <see cref="ModeTree.Label"/> writes a tree node).
    /// </summary>
    public static string[] MatricizationColumns(IReadOnlyCollection<int> rowModes, int k) =>
        Enumerable.Range(1, k).Select(i => $"mat{{{string.Join(",", rowModes.Order())}}}_{i}").ToArray();

    private static IQuantity MatricizationSingularValues(string spec, IFactorization model)
    {
        var parts = spec.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1)
            throw new ArgumentException($"'{spec}': write matricization-singular-values:K:MODES with K ≥ 1 and MODES the 0-based row modes, e.g. matricization-singular-values:10:0,1.");
        var shape = model.EndShape;
        var modes = new List<int>();
        foreach (var text in parts[2].Split(','))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int mode) || mode >= shape.Order)
                throw new ArgumentException($"'{spec}': mode '{text}' is not one of the modes 0…{shape.Order - 1} of {model.Name}.");
            if (modes.Contains(mode)) throw new ArgumentException($"'{spec}': mode {mode} is listed twice.");
            modes.Add(mode);
        }
        if (modes.Count == shape.Order)
            throw new ArgumentException($"'{spec}': the row modes must leave at least one column mode of the {shape.Order} modes of {model.Name}.");
        var end = new double[shape.Size];
        return new ColumnsQuantity(MatricizationColumns(modes, k), (theta, values) =>
        {
            model.End(theta, end);
            var s = Matricization.SingularValues(shape, end, modes);
            for (int i = 0; i < values.Length; i++) values[i] = i < s.Length ? s[i] : 0;
        });
    }

    private delegate void EvaluateColumns(ReadOnlySpan<double> theta, Objective objective, Span<double> values);

    private sealed class ColumnsQuantity : IQuantity
    {
        private readonly string[] _columns;
        private readonly EvaluateColumns _evaluate;

        public ColumnsQuantity(string[] columns, Action<ReadOnlySpan<double>, Span<double>> evaluate) : this(columns, (theta, _, values) => evaluate(theta, values)) { }

        public ColumnsQuantity(string[] columns, EvaluateColumns evaluate) => (_columns, _evaluate) = (columns, evaluate);

        public IReadOnlyList<string> Columns => _columns;
        public void Evaluate(ReadOnlySpan<double> theta, Objective objective, Span<double> values) => _evaluate(theta, objective, values);
    }
}
