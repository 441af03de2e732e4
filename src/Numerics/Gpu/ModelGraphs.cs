using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The forward op lists of the models, derived from the CPU model objects themselves (their widths, dims, rank, tree and
/// <see cref="IFactorization.Layout"/> offsets), so that the device computes the same 𝒲(θ) as End/EndAt and its
/// gradient only by <see cref="ReverseMode"/>:
/// <list type="bullet">
/// <item>deep MF (theory.md §2.1): 𝑊_e = W_N ⋯ W_1 as the chain of products W_j·(W_{j−1:1});</item>
/// <item>CP (§5.1): 𝒲_i = Σ_r Π_n w_r^n[i_n], per listed entry, as gathers of the factor columns i_n, their Hadamard
/// product and a row sum (the entry form of <see cref="CpEntryKernel"/>);</item>
/// <item>HTF (§6.1): per interior node in post-order, K_ν = ⊙_c (rows of T_c by the mixed-radix row index, last child
/// fastest) and T_ν = K_ν W^(ν); leaves T_n = W^({n}); the root's rows in tree order are gathered into C order.</item>
/// </list>
/// Completion reads the end tensor at Ω (CP directly at the entries, the others by a gather of the dense end);
/// sensing multiplies the per-problem measurement matrix with the dense end.
/// </summary>
public static class ModelGraphs
{
    /// <summary>The vector v the loss compares with y: 𝒲 at Ω (completion), or (⟨𝒜ᵢ, 𝒲⟩)ᵢ (sensing).</summary>
    public static DeviceTensor Measurements(ProgramBuilder b, IFactorization model, ILoss loss)
    {
        int m = loss.MeasurementCount, size = model.EndShape.Size;
        switch (loss)
        {
            case CompletionLoss when model is CpFactorization cp:
                {
                    var strides = cp.EndShape.Strides;
                    var lists = Enumerable.Range(0, cp.Order).Select(n =>
                    {
                        int stride = strides[n], dim = cp.Dims[n];
                        return b.ProblemIndices(m, dim, l => Observed(l).Select(i => i / stride % dim).ToArray());
                    }).ToArray();
                    return CpEntries(b, cp, lists);
                }
            case CompletionLoss:
                return b.Gather(End(b, model), b.ProblemIndices(m, size, l => Observed(l)));
            case SensingLoss:
                var a = b.ProblemData(m, size, (l, span) => ((SensingLoss)l).Measurements.CopyTo(span));
                return b.MatMul(a, End(b, model));
            default:
                throw new ArgumentException($"The device backend has no program for a {loss.GetType().Name}.");
        }
    }

    private static int[] Observed(ILoss loss) =>
        loss is CompletionLoss c ? c.Indices.ToArray() : throw new ArgumentException($"A completion program was bound to a {loss.GetType().Name}.");

    /// <summary>The dense end tensor in C order, as a size × 1 tensor.</summary>
    public static DeviceTensor End(ProgramBuilder b, IFactorization model) => model switch
    {
        DeepMatrixFactorization mf => DeepMatrixEnd(b, mf),
        CpFactorization cp => CpEntries(b, cp, Enumerable.Range(0, cp.Order).Select(n =>
            b.SharedIndices(Enumerable.Range(0, cp.EndShape.Size).Select(i => i / cp.EndShape.Strides[n] % cp.Dims[n]).ToArray(), cp.Dims[n])).ToArray()),
        HierarchicalTensorFactorization htf => HierarchicalEnd(b, htf),
        _ => throw new ArgumentException($"The device backend has no program for {model.Name} ({model.GetType().Name}); it runs deep MF, CP and HTF."),
    };

    /// <summary>W_{N:1} (n_N × n_0, C order) as size × 1.</summary>
    private static DeviceTensor DeepMatrixEnd(ProgramBuilder b, DeepMatrixFactorization mf)
    {
        var w = mf.Widths;
        var prefix = Layer(b, mf, 1);
        for (int j = 2; j <= mf.Depth; j++) prefix = b.MatMul(Layer(b, mf, j), prefix);
        return prefix.Reshape(w[mf.Depth] * w[0], 1);
    }

    /// <summary>W_j as an n_j × n_{j−1} view of θ.</summary>
    public static DeviceTensor Layer(ProgramBuilder b, DeepMatrixFactorization mf, int j) =>
        b.Theta(mf.Layout[$"W{j}"], mf.Widths[j], mf.Widths[j - 1]);

    /// <summary>W_n (R × D_n, row r = w_r^n) as a view of θ.</summary>
    public static DeviceTensor ModeFactor(ProgramBuilder b, CpFactorization cp, int n) =>
        b.Theta(cp.Layout[$"W{n + 1}"], cp.Rank, cp.Dims[n]);

    /// <summary>v[e] = Σ_r Π_n W_n[r, i_n(e)] with i_n(e) = lists[n][e].</summary>
    private static DeviceTensor CpEntries(ProgramBuilder b, CpFactorization cp, IndexList[] lists)
    {
        var product = b.Gather(ModeFactor(b, cp, 0), lists[0], transposed: true);
        for (int n = 1; n < cp.Order; n++) product = b.Multiply(product, b.Gather(ModeFactor(b, cp, n), lists[n], transposed: true));
        return b.RowSum(product);
    }

    /// <summary>W^(ν) as an R_ν × R_Pa(ν) view of θ.</summary>
    public static DeviceTensor Weight(ProgramBuilder b, HierarchicalTensorFactorization htf, int node) =>
        b.Theta(htf.WeightSlot(node), htf.Width(node), htf.ParentWidth(node));

    private static DeviceTensor HierarchicalEnd(ProgramBuilder b, HierarchicalTensorFactorization htf)
    {
        var tree = htf.Tree;
        var t = new DeviceTensor[tree.NodeCount];
        var rows = new int[tree.NodeCount];
        for (int v = 0; v < tree.NodeCount; v++) rows[v] = tree.Modes(v).Aggregate(1, (p, n) => p * htf.Dims[n]);
        for (int n = 0; n < tree.Order; n++) t[n] = Weight(b, htf, n);
        foreach (int v in tree.InteriorNodes)
        {
            var children = tree.Children(v);
            // Row ρ of K_ν is the mixed-radix number (i_1, …, i_k) over the children's rows, the last child fastest.
            DeviceTensor? k = null;
            for (int j = 0; j < children.Count; j++)
            {
                int slower = 1;
                for (int q = j + 1; q < children.Count; q++) slower *= rows[children[q]];
                int count = rows[children[j]];
                var list = Enumerable.Range(0, rows[v]).Select(row => row / slower % count).ToArray();
                var gathered = b.Gather(t[children[j]], b.SharedIndices(list, count));
                k = k is { } previous ? b.Multiply(previous, gathered) : gathered;
            }
            t[v] = b.MatMul(k!.Value, Weight(b, htf, v));
        }
        var root = t[tree.Root].Reshape(htf.EndShape.Size, 1);
        if (HierarchicalTensorFactorization.TreeToC(tree, htf.EndShape) is not { } treeToC) return root;
        var inverse = new int[treeToC.Length];
        for (int row = 0; row < treeToC.Length; row++) inverse[treeToC[row]] = row;
        return b.Gather(root, b.SharedIndices(inverse, inverse.Length));
    }
}
