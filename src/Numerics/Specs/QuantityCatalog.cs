using System.Globalization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Specs;

/// <summary>
/// The quantities a simulation can record, by name (the config's <c>record</c> list; theory.md §1.1):
/// <c>reconstruction-error</c>, <c>reconstruction-mse</c>, <c>test-error</c>, <c>singular-values:K</c>, <c>effective-rank</c>,
/// <c>alignment</c>, <c>det</c>,
/// <c>balancedness</c>, <c>component-norms:K</c>, <c>local-component-norms:K</c>, <c>slice-norms</c>. A name that does not apply to the
/// model is an error that says which models it applies to.
/// </summary>
public static class QuantityCatalog
{
    public static readonly IReadOnlyList<string> Names =
        ["reconstruction-error", "reconstruction-mse", "test-error", "singular-values:K", "effective-rank", "alignment", "det", "balancedness", "component-norms:K", "local-component-norms:K", "slice-norms"];

    public static IQuantity Create(string spec, IFactorization model, double[] target, int[] testIndices)
    {
        var parts = spec.Split(':', 2);
        string name = parts[0];
        int k = 0;
        if (name is "singular-values" or "local-component-norms" or "component-norms")
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
                return new ColumnsQuantity(Enumerable.Range(1, k).Select(i => $"sigma{i}").ToArray(), (theta, values) =>
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
                return new ColumnsQuantity(Enumerable.Range(1, k).Select(i => $"norm{i}").ToArray(), (theta, values) =>
                {
                    var top = ComponentNorm.TopK(cp, theta, k);
                    for (int i = 0; i < values.Length; i++) values[i] = i < top.Length ? top[i] : 0;
                });
            case "local-component-norms" when model is HierarchicalTensorFactorization htf:
                {
                    var nodes = htf.Tree.InteriorNodes.ToArray();
                    var columns = nodes.SelectMany(n => Enumerable.Range(1, k).Select(i => $"lc{htf.Tree.Label(n)}_{i}")).ToArray();
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
            default:
                if (!Names.Any(n => n.Split(':')[0] == name))
                    throw new ArgumentException($"unknown quantity '{name}' (known: {string.Join(", ", Names)}).");
                throw new ArgumentException($"'{name}' does not apply to {model.Name}.");
        }
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
