using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// Forward-only device programs of the recorded quantities (theory.md §1.1) that run on the device; the host finishes
/// them with the catalog's own code (top-k order, max):
/// <list type="bullet">
/// <item><c>component-norms:K</c> (CP, §5.1): σ_r = Π_n ‖w_r^n‖ — row sums of W_n ⊙ W_n, square roots, products over n;</item>
/// <item><c>local-component-norms:K</c> (HTF, §6.1): σ_H^(ν,r) = Π_{c∈C(ν)} ‖W^(c)_{:,r}‖ · ‖W^(ν)_{r,:}‖ — column sums of
/// squares of the children, row sums of squares of W^(ν), square roots, products in that order;</item>
/// <item><c>balancedness</c> (deep MF, §2.1 MF-C1): ‖C_j‖_F with C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ, j = 1…N−1; the host takes the max;</item>
/// <item><c>det</c> (square deep MF end): det W_e by LU with partial pivoting.</item>
/// </list>
/// Singular values, effective rank and errors against the target are computed on the host from the copied-back θ.
/// </summary>
public static class QuantityGraphs
{
    /// <summary>Adds the device program of <paramref name="q"/> when there is one; false: evaluate it on the host.</summary>
    public static bool TryAdd(ProgramBuilder b, IFactorization model, CatalogQuantity q)
    {
        switch (q.Name, model)
        {
            case ("component-norms", CpFactorization cp):
                {
                    b.BeginQuantity();
                    var sigma = b.Output(cp.Rank);
                    var product = Norms(b, ModeFactor(b, cp, 0), columns: false, cp.Order == 1 ? sigma : null);
                    for (int n = 1; n < cp.Order; n++)
                        product = b.Multiply(product, Norms(b, ModeFactor(b, cp, n), columns: false), n == cp.Order - 1 ? sigma : null);
                    int k = q.K;
                    b.EndQuantity(q.Spec, sigma, (values, columns) =>
                    {
                        var top = new double[Math.Min(k, values.Length)];
                        ComponentNorm.TopK(values, top);
                        for (int i = 0; i < columns.Length; i++) columns[i] = i < top.Length ? top[i] : 0;
                    });
                    return true;
                }
            case ("local-component-norms", HierarchicalTensorFactorization htf):
                {
                    b.BeginQuantity();
                    var nodes = htf.Tree.InteriorNodes.ToArray();
                    var widths = nodes.Select(htf.Width).ToArray();
                    var output = b.Output(widths.Sum());
                    int at = 0;
                    foreach (int v in nodes)
                    {
                        var slice = new DeviceTensor(Segment.Outputs, output.Offset + at, htf.Width(v), 1);
                        DeviceTensor? product = null;
                        foreach (int c in htf.Tree.Children(v))
                        {
                            var norms = Norms(b, ModelGraphs.Weight(b, htf, c), columns: true);
                            product = product is { } p ? b.Multiply(p, norms) : norms;
                        }
                        b.Multiply(product!.Value, Norms(b, ModelGraphs.Weight(b, htf, v), columns: false), slice);
                        at += htf.Width(v);
                    }
                    int k = q.K;
                    b.EndQuantity(q.Spec, output, (values, columns) =>
                    {
                        int offset = 0, column = 0;
                        foreach (int width in widths)
                        {
                            var norms = values.Slice(offset, width).ToArray();
                            Array.Sort(norms);
                            Array.Reverse(norms);
                            for (int i = 0; i < k; i++) columns[column++] = i < norms.Length ? norms[i] : 0;
                            offset += width;
                        }
                    });
                    return true;
                }
            case ("balancedness", DeepMatrixFactorization mf):
                {
                    b.BeginQuantity();
                    var output = b.Output(Math.Max(1, mf.Depth - 1));
                    for (int j = 1; j < mf.Depth; j++)
                    {
                        var upper = ModelGraphs.Layer(b, mf, j + 1);
                        var lower = ModelGraphs.Layer(b, mf, j);
                        var c = b.Subtract(b.MatMul(upper, upper, transposeA: true), b.MatMul(lower, lower, transposeB: true));
                        var flat = c.Reshape(1, c.Size);
                        b.Sqrt(b.RowSum(b.Multiply(flat, flat)), new DeviceTensor(Segment.Outputs, output.Offset + j - 1, 1, 1));
                    }
                    int count = mf.Depth - 1;
                    b.EndQuantity(q.Spec, output, (values, columns) =>
                    {
                        double worst = 0;
                        for (int j = 0; j < count; j++) worst = Math.Max(worst, values[j]);
                        columns[0] = worst;
                    });
                    return true;
                }
            case ("det", DeepMatrixFactorization mf) when mf.Widths[0] == mf.Widths[^1]:
                {
                    b.BeginQuantity();
                    var output = b.Output(1);
                    int n = mf.Widths[0];
                    b.Determinant(ModelGraphs.End(b, mf).Reshape(n, n), output);
                    b.EndQuantity(q.Spec, output, (values, columns) => columns[0] = values[0]);
                    return true;
                }
            default:
                return false;
        }
    }

    private static DeviceTensor ModeFactor(ProgramBuilder b, CpFactorization cp, int n) => ModelGraphs.ModeFactor(b, cp, n);

    /// <summary>Euclidean norms of the rows of <paramref name="x"/> (of its columns when <paramref name="columns"/>).</summary>
    private static DeviceTensor Norms(ProgramBuilder b, DeviceTensor x, bool columns, DeviceTensor? into = null) =>
        b.Sqrt(b.RowSum(b.Multiply(x, x), transposed: columns), into);
}
