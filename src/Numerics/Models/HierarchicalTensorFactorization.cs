using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using ImplicitReg.Numerics.LinearAlgebra;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Models;

/// <summary>
/// Hierarchical tensor factorization over a mode tree 𝒯 (RMC22; theory.md §6.1): one weight matrix per node,
/// W^(ν) ∈ ℝ^{R_ν × R_Pa(ν)}, with R_{n} = D_n at the leaves and R_Pa(root) = 1, and the end tensor
/// 𝒲^{n,r} = W^({n})_{:,r},  𝒲^{ν,r} = Σ_{r'} W^(ν)_{r',r} ⊗_{c∈C(ν)} 𝒲^{c,r'},  𝒲_H = 𝒲^{root,1},
/// written in C order over modes 0..N−1 for any tree (children need not be contiguous mode blocks).
/// Factors are named by the node's 0-based modes, "W{0}" … "W{N−1}" for the leaves, then the interior nodes
/// in post-order ("W{0,1}", "W{2,3}", "W{0,1,2,3}" for the checkerboard tree of order 4); θ stores them in
/// node-id order (<see cref="ModeTree"/>), each row-major R_ν × R_Pa(ν).
/// Evaluation: 𝒲^{ν,·} is kept as a P_ν × R_Pa(ν) matrix T_ν (P_ν = Π_{n∈ν} D_n) whose rows run over the
/// node's modes in tree order (the leaves of ν as listed, last fastest); K_ν = ⊙_c T_c (row-wise Khatri–Rao
/// product of the children, P_ν × R_ν) and T_ν = K_ν W^(ν). The root's rows are permuted to C order once.
/// A node with two children and R_Pa = 1 (the root of a binary tree) is never expanded to K_ν: there
/// T_ν, read as a P_{c1} × P_{c2} matrix, is T_{c1} diag(w) T_{c2}ᵀ, one matrix product (as are its gradients).
/// </summary>
public sealed class HierarchicalTensorFactorization : IFactorization, IReusesForward
{
    private readonly int[] _dims;
    private readonly int[] _interiorWidths;
    private readonly int[] _width;        // R_ν (leaf: D_n)
    private readonly int[] _parentWidth;  // R_Pa(ν) (root: 1)
    private readonly int[] _rows;         // P_ν
    private readonly FactorSlot[] _slots;
    private readonly double[][] _t, _k, _gt;   // per interior node: T_ν, K_ν, ∂/∂T_ν
    private readonly double[] _gk;             // ∂/∂K_ν, shared (used one node at a time)
    private readonly bool[] _pair;             // two children and R_Pa = 1: T_ν = T_{c1} diag(w) T_{c2}ᵀ
    private readonly double[] _scaled;         // T_{c1} diag(w) of a pair node
    private readonly double[] _pairProduct;    // G_ν T_{c2} of a pair node
    private readonly double[] _row;            // a product of child rows
    private readonly int[] _odometer;
    private readonly int[][] _childIds;        // C(ν) as arrays (no enumerator boxing on the hot path)
    private readonly int[]? _treeToC;          // row of T_root ↦ C-order index of 𝒲_H; null when they agree

    /// <param name="tree">The mode tree.</param>
    /// <param name="dims">D_0 … D_{N−1}.</param>
    /// <param name="width">R_ν for every interior node.</param>
    public HierarchicalTensorFactorization(ModeTree tree, int[] dims, int width)
        : this(tree, dims, Enumerable.Repeat(width, tree.InteriorCount).ToArray())
    {
    }

    /// <param name="tree">The mode tree.</param>
    /// <param name="dims">D_0 … D_{N−1}.</param>
    /// <param name="interiorWidths">R_ν per interior node, in post-order (index = node id − N).</param>
    public HierarchicalTensorFactorization(ModeTree tree, int[] dims, int[] interiorWidths)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (dims.Length != tree.Order) throw new ArgumentException($"The tree {tree} has {tree.Order} modes but {dims.Length} dimensions were given.", nameof(dims));
        if (dims.Any(d => d <= 0)) throw new ArgumentException($"Mode sizes must be positive: [{string.Join(", ", dims)}].", nameof(dims));
        if (interiorWidths.Length != tree.InteriorCount)
            throw new ArgumentException($"The tree {tree} has {tree.InteriorCount} interior nodes but {interiorWidths.Length} widths were given.", nameof(interiorWidths));
        if (interiorWidths.Any(w => w <= 0)) throw new ArgumentException($"Widths must be positive: [{string.Join(", ", interiorWidths)}].", nameof(interiorWidths));
        Tree = tree;
        _dims = (int[])dims.Clone();
        _interiorWidths = (int[])interiorWidths.Clone();
        int nodes = tree.NodeCount, order = tree.Order;
        _width = new int[nodes];
        _parentWidth = new int[nodes];
        _rows = new int[nodes];
        for (int v = 0; v < nodes; v++)
        {
            _width[v] = tree.IsLeaf(v) ? dims[v] : interiorWidths[v - order];
            _rows[v] = 1;
            foreach (int n in tree.Modes(v)) _rows[v] *= dims[n];
        }
        for (int v = 0; v < nodes; v++) _parentWidth[v] = v == tree.Root ? 1 : _width[tree.Parent(v)];

        Layout = new ParameterLayout();
        _slots = new FactorSlot[nodes];
        for (int v = 0; v < nodes; v++) _slots[v] = Layout.Add("W" + tree.Label(v), _width[v], _parentWidth[v]);
        EndShape = new TensorShape(dims);

        _t = new double[nodes][];
        _k = new double[nodes][];
        _gt = new double[nodes][];
        _pair = new bool[nodes];
        int maxGk = 0, maxPair = 0, maxChildren = 0;
        foreach (int v in tree.InteriorNodes)
        {
            _pair[v] = tree.Children(v).Count == 2 && _parentWidth[v] == 1;
            _t[v] = new double[_rows[v] * _parentWidth[v]];
            _gt[v] = new double[_rows[v] * _parentWidth[v]];
            if (_pair[v])
            {
                _k[v] = [];
                maxPair = Math.Max(maxPair, _rows[tree.Children(v)[0]] * _width[v]);
            }
            else
            {
                _k[v] = new double[_rows[v] * _width[v]];
                maxGk = Math.Max(maxGk, _rows[v] * _width[v]);
            }
            maxChildren = Math.Max(maxChildren, tree.Children(v).Count);
        }
        _gk = new double[maxGk];
        _scaled = new double[maxPair];
        _pairProduct = new double[maxPair];
        _row = new double[_width.Max()];
        _odometer = new int[maxChildren];
        _treeToC = TreeToC(tree, EndShape);
        _childIds = Enumerable.Range(0, nodes).Select(v => tree.Children(v).ToArray()).ToArray();
    }

    /// <summary>The official HTF-E1 shape: checkerboard tree of order N, every D_n = dim, every R_ν = width.</summary>
    public static HierarchicalTensorFactorization Checkerboard(int order, int dim, int width) =>
        new(ModeTree.Checkerboard(order), Enumerable.Repeat(dim, order).ToArray(), width);

    public ModeTree Tree { get; }
    public IReadOnlyList<int> Dims => _dims;

    /// <summary>R_ν per interior node in post-order.</summary>
    public IReadOnlyList<int> InteriorWidths => _interiorWidths;

    public string Name => $"HTF N={Tree.Order} tree {Tree} dims [{string.Join(", ", _dims)}] widths [{string.Join(", ", _interiorWidths)}]";
    public ParameterLayout Layout { get; }
    public TensorShape EndShape { get; }

    /// <summary>R_ν: rows of W^(ν) (D_n at a leaf; the number of local components at an interior node).</summary>
    public int Width(int node) => _width[node];

    /// <summary>R_Pa(ν): columns of W^(ν) (1 at the root).</summary>
    public int ParentWidth(int node) => _parentWidth[node];

    public FactorSlot WeightSlot(int node) => _slots[node];

    /// <summary>W^(ν) as a row-major R_ν × R_Pa(ν) span of θ (or of any vector with θ's layout, e.g. ∇φ).</summary>
    public ReadOnlySpan<double> Weight(ReadOnlySpan<double> theta, int node) => _slots[node].Of(theta);
    public Span<double> Weight(Span<double> theta, int node) => _slots[node].Of(theta);

    /// <summary>
    /// ‖v‖² for the K_ν vectors v of local component (ν, r) (theory.md §6.1) read from <paramref name="flat"/>
    /// (θ, or ∇φ for the gradient's parts): first the columns W^(c)_{:,r} for c ∈ C(ν) in listed order, last the row W^(ν)_{r,:}.
    /// </summary>
    public void LocalComponentSquaredNorms(ReadOnlySpan<double> flat, int node, int r, Span<double> squaredNorms) =>
        LocalComponentInnerProducts(flat, flat, node, r, squaredNorms);

    /// <summary>⟨x_v, y_v⟩ for the K_ν vectors v of local component (ν, r), in the order of <see cref="LocalComponentSquaredNorms"/>.</summary>
    public void LocalComponentInnerProducts(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int node, int r, Span<double> products)
    {
        RequireComponent(node, r);
        var children = Tree.Children(node);
        if (products.Length < children.Count + 1) throw new ArgumentException($"Node {Tree.Label(node)} has K = {children.Count + 1} vectors per local component.", nameof(products));
        int rNu = _width[node], rPa = _parentWidth[node];
        for (int j = 0; j < children.Count; j++)
        {
            var wx = Weight(x, children[j]);
            var wy = Weight(y, children[j]);
            double s = 0;
            for (int i = 0; i < _width[children[j]]; i++) s += wx[i * rNu + r] * wy[i * rNu + r];
            products[j] = s;
        }
        products[children.Count] = TensorPrimitives.Dot(Weight(x, node).Slice(r * rPa, rPa), Weight(y, node).Slice(r * rPa, rPa));
    }

    internal void RequireComponent(int node, int r)
    {
        if ((uint)node >= (uint)Tree.NodeCount || Tree.IsLeaf(node))
            throw new ArgumentOutOfRangeException(nameof(node), $"Node {node} is not an interior node of {Tree} (interior ids {Tree.Order}..{Tree.NodeCount - 1}).");
        if ((uint)r >= (uint)_width[node])
            throw new ArgumentOutOfRangeException(nameof(r), $"Node {Tree.Label(node)} has R = {_width[node]} local components; r = {r}.");
    }

    public void End(ReadOnlySpan<double> theta, Span<double> end)
    {
        if (end.Length < EndShape.Size) throw new ArgumentException($"End buffer has {end.Length} of {EndShape.Size} entries.", nameof(end));
        if (Tree.Root == 0)
        {
            Weight(theta, 0).CopyTo(end);
            return;
        }
        Forward(theta);
        var t = _t[Tree.Root];
        if (_treeToC is null) t.CopyTo(end);
        else for (int i = 0; i < t.Length; i++) end[_treeToC[i]] = t[i];
    }

    public void Backward(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        Forward(theta);
        BackwardAfterEnd(theta, endGradient, gradient);
    }

    /// <summary>∂⟨G, 𝒲_H⟩/∂θ with the node tensors of the End(θ) just computed (see <see cref="IReusesForward"/>).</summary>
    public void BackwardAfterEnd(ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient, Span<double> gradient)
    {
        if (gradient.Length < Layout.Size) throw new ArgumentException($"Gradient buffer has {gradient.Length} of {Layout.Size} entries.", nameof(gradient));
        if (Tree.Root == 0)
        {
            endGradient[..EndShape.Size].CopyTo(gradient);
            return;
        }
        var gRoot = _gt[Tree.Root];
        if (_treeToC is null) endGradient[..gRoot.Length].CopyTo(gRoot);
        else for (int i = 0; i < gRoot.Length; i++) gRoot[i] = endGradient[_treeToC[i]];

        // Reverse mode over the tree: parents before children (reverse post-order).
        for (int v = Tree.NodeCount - 1; v >= Tree.Order; v--)
        {
            int p = _rows[v], rNu = _width[v], rPa = _parentWidth[v];
            var w = Weight(theta, v);
            var g = _gt[v].AsSpan(0, p * rPa);
            var gw = Weight(gradient, v);
            if (_pair[v])
            {
                PairBackward(v, theta, g, gradient);
                continue;
            }
            var k = _k[v].AsSpan(0, p * rNu);
            // ∂/∂W^(ν) = K_νᵀ G_ν
            Gemm.TN(rNu, rPa, p, 1, k, g, 0, gw);
            // ∂/∂K_ν = G_ν W^(ν)ᵀ
            var gk = _gk.AsSpan(0, p * rNu);
            Gemm.NT(p, rNu, rPa, 1, g, w, 0, gk);
            KhatriRaoBackward(v, theta, gk, gradient);
        }
    }

    /// <summary>
    /// Backward through T_ν = T_{c1} diag(w) T_{c2}ᵀ (G_ν read as P_{c1} × P_{c2}): with M = G_ν T_{c2},
    /// ∂/∂w_r = Σ_i T_{c1}[i, r] M[i, r], ∂/∂T_{c1} = M diag(w), ∂/∂T_{c2} = G_νᵀ T_{c1} diag(w).
    /// </summary>
    private void PairBackward(int v, ReadOnlySpan<double> theta, ReadOnlySpan<double> g, Span<double> gradient)
    {
        int c1 = _childIds[v][0], c2 = _childIds[v][1];
        int p1 = _rows[c1], p2 = _rows[c2], r = _width[v];
        var w = Weight(theta, v);
        var gw = Weight(gradient, v);
        var t1 = ChildT(theta, c1)[..(p1 * r)];
        var t2 = ChildT(theta, c2)[..(p2 * r)];
        var scaled = _scaled.AsSpan(0, p1 * r);   // T_{c1} diag(w) (shared scratch: recomputed per node)
        for (int i = 0; i < p1; i++)
            TensorPrimitives.Multiply(t1.Slice(i * r, r), w, scaled.Slice(i * r, r));
        var product = _pairProduct.AsSpan(0, p1 * r);
        Gemm.NN(p1, r, p2, 1, g, t2, 0, product);
        gw.Clear();
        for (int i = 0; i < p1; i++)
            TensorPrimitives.MultiplyAdd(t1.Slice(i * r, r), product.Slice(i * r, r), gw, gw);
        // ∂/∂T_{c2} first: it reads T_{c1} diag(w), and c1's gradient buffer is independent of it.
        Gemm.TN(p2, r, p1, 1, g, scaled, 0, ChildGradient(gradient, c2)[..(p2 * r)]);
        var g1 = ChildGradient(gradient, c1);
        for (int i = 0; i < p1; i++)
            TensorPrimitives.Multiply(product.Slice(i * r, r), w, g1.Slice(i * r, r));
    }

    public IFactorization Clone() => new HierarchicalTensorFactorization(Tree, _dims, _interiorWidths);

    /// <summary>T_ν (and K_ν) for every interior node at θ (kept for <see cref="BackwardAfterEnd"/>).</summary>
    private void Forward(ReadOnlySpan<double> theta)
    {
        for (int v = Tree.Order; v < Tree.NodeCount; v++)
        {
            int p = _rows[v], rNu = _width[v], rPa = _parentWidth[v];
            var w = Weight(theta, v);
            var t = _t[v].AsSpan(0, p * rPa);
            if (_pair[v])
            {
                // T_ν = (T_{c1} diag(w)) T_{c2}ᵀ as a P_{c1} × P_{c2} matrix (rows of T_ν run c1-major).
                int c1 = _childIds[v][0], c2 = _childIds[v][1];
                int p1 = _rows[c1], p2 = _rows[c2];
                var t1 = ChildT(theta, c1);
                var scaled = _scaled.AsSpan(0, p1 * rNu);
                for (int i = 0; i < p1; i++)
                    TensorPrimitives.Multiply(t1.Slice(i * rNu, rNu), w, scaled.Slice(i * rNu, rNu));
                Gemm.NT(p1, p2, rNu, 1, scaled, ChildT(theta, c2), 0, t);
                continue;
            }
            var k = _k[v].AsSpan(0, p * rNu);
            KhatriRao(v, theta, k);
            Gemm.NN(p, rPa, rNu, 1, k, w, 0, t);   // T_ν = K_ν W^(ν)
        }
    }

    /// <summary>T_c: W^(c) for a leaf, the stored product for an interior child.</summary>
    private ReadOnlySpan<double> ChildT(ReadOnlySpan<double> theta, int c) => Tree.IsLeaf(c) ? Weight(theta, c) : _t[c];

    /// <summary>K_ν[(i_1, …, i_k), r'] = Π_j T_{c_j}[i_j, r'] (rows mixed-radix over the children, last fastest).</summary>
    private void KhatriRao(int v, ReadOnlySpan<double> theta, Span<double> k)
    {
        var children = _childIds[v];
        int rNu = _width[v], count = children.Length;
        if (count == 1)
        {
            // A one-child link (ModeTree.OfficialLayers): K_ν = T_c.
            ChildT(theta, children[0])[..k.Length].CopyTo(k);
            return;
        }
        var idx = _odometer.AsSpan(0, count);
        idx.Clear();
        for (int row = 0; row < _rows[v]; row++)
        {
            var dest = k.Slice(row * rNu, rNu);
            var first = ChildT(theta, children[0]).Slice(idx[0] * rNu, rNu);
            var second = ChildT(theta, children[1]).Slice(idx[1] * rNu, rNu);
            TensorPrimitives.Multiply(first, second, dest);
            for (int j = 2; j < count; j++) TensorPrimitives.Multiply(ChildT(theta, children[j]).Slice(idx[j] * rNu, rNu), dest, dest);
            Advance(idx, children);
        }
    }

    /// <summary>∂/∂T_{c_j}[i_j, :] = Σ_{rows with index i_j} ∂/∂K_ν[row, :] ⊙ Π_{l≠j} T_{c_l}[i_l, :]; leaves write into the gradient.</summary>
    private void KhatriRaoBackward(int v, ReadOnlySpan<double> theta, ReadOnlySpan<double> gk, Span<double> gradient)
    {
        var children = _childIds[v];
        int rNu = _width[v], count = children.Length;
        for (int j = 0; j < count; j++) ChildGradient(gradient, children[j]).Clear();
        var idx = _odometer.AsSpan(0, count);
        idx.Clear();
        var tmp = _row.AsSpan(0, rNu);
        for (int row = 0; row < _rows[v]; row++)
        {
            var gRow = gk.Slice(row * rNu, rNu);
            for (int j = 0; j < count; j++)
            {
                var target = ChildGradient(gradient, children[j]).Slice(idx[j] * rNu, rNu);
                if (count == 2)
                {
                    var other = ChildT(theta, children[1 - j]).Slice(idx[1 - j] * rNu, rNu);
                    TensorPrimitives.MultiplyAdd(gRow, other, target, target);
                    continue;
                }
                gRow.CopyTo(tmp);
                for (int l = 0; l < count; l++)
                    if (l != j) TensorPrimitives.Multiply(ChildT(theta, children[l]).Slice(idx[l] * rNu, rNu), tmp, tmp);
                TensorPrimitives.Add(tmp, target, target);
            }
            Advance(idx, children);
        }
    }

    private Span<double> ChildGradient(Span<double> gradient, int c) => Tree.IsLeaf(c) ? Weight(gradient, c) : _gt[c];

    private void Advance(Span<int> idx, int[] children)
    {
        for (int j = idx.Length - 1; j >= 0; j--)
        {
            if (++idx[j] < _rows[children[j]]) return;
            idx[j] = 0;
        }
    }

    /// <summary>Row of T_root (tree order) ↦ C-order index of 𝒲_H, or null when they agree (also used by the device program).</summary>
    internal static int[]? TreeToC(ModeTree tree, TensorShape shape)
    {
        var sequence = tree.LeafSequence;
        bool identity = true;
        for (int j = 0; j < sequence.Count; j++) identity &= sequence[j] == j;
        if (identity) return null;
        var map = new int[shape.Size];
        var idx = new int[sequence.Count];
        for (int row = 0; row < shape.Size; row++)
        {
            int c = 0;
            for (int j = 0; j < sequence.Count; j++) c += idx[j] * shape.Strides[sequence[j]];
            map[row] = c;
            for (int j = sequence.Count - 1; j >= 0; j--)
            {
                if (++idx[j] < shape[sequence[j]]) break;
                idx[j] = 0;
            }
        }
        return map;
    }
}
