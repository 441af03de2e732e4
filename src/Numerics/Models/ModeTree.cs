namespace ImplicitReg.Numerics.Models;

/// <summary>
/// A mode tree 𝒯 over the modes of an order-N tensor (RMC22; theory.md §6.1): a rooted tree whose nodes are
/// mode subsets, the root is all modes, the leaves are the singletons, and the children C(ν) of an interior
/// node partition ν (every interior node has at least two children, so distinct nodes are distinct subsets).
/// Modes are 0-based here: the paper's mode n ∈ [N] is mode n − 1 in code, so the paper's node {1,2} is {0,1}.
/// Node ids: the leaf of mode n has id n; the interior nodes follow with ids N, N+1, … in post-order
/// (children before parents, children in their listed order), so the root has the last id.
/// </summary>
public sealed class ModeTree
{
    private readonly int[][] _children;
    private readonly int[][] _modes;
    private readonly int[] _parent;

    private ModeTree(int order, List<int[]> interiorChildren)
    {
        Order = order;
        int count = order + interiorChildren.Count;
        _children = new int[count][];
        _modes = new int[count][];
        _parent = Enumerable.Repeat(-1, count).ToArray();
        for (int n = 0; n < order; n++)
        {
            _children[n] = [];
            _modes[n] = [n];
        }
        for (int i = 0; i < interiorChildren.Count; i++)
        {
            int id = order + i;
            _children[id] = interiorChildren[i];
            foreach (int c in interiorChildren[i])
            {
                if (c >= id || _parent[c] >= 0) throw new InvalidOperationException($"Mode tree node {c} is not a post-order child of node {id}.");
                _parent[c] = id;
            }
            _modes[id] = interiorChildren[i].SelectMany(c => _modes[c]).Order().ToArray();
        }
        Root = count - 1;
        LeafSequence = LeavesInTreeOrder(Root).ToArray();
    }

    /// <summary>N, the number of modes.</summary>
    public int Order { get; }

    public int NodeCount => _children.Length;

    /// <summary>Id of the root [N] (the last id; equals 0 when N = 1, where the root is the single leaf).</summary>
    public int Root { get; }

    /// <summary>The leaf modes in depth-first, children-in-listed-order sequence (the order in which they appear in <see cref="ToString"/>).</summary>
    public IReadOnlyList<int> LeafSequence { get; }

    /// <summary>Interior node ids in post-order (children before parents; root last).</summary>
    public IEnumerable<int> InteriorNodes => Enumerable.Range(Order, NodeCount - Order);

    public int InteriorCount => NodeCount - Order;

    public bool IsLeaf(int node) => node < Order;

    /// <summary>The leaf of mode n (0-based).</summary>
    public int Leaf(int mode) => (uint)mode < (uint)Order ? mode : throw new ArgumentOutOfRangeException(nameof(mode), $"Mode {mode} is outside 0..{Order - 1}.");

    /// <summary>Pa(ν), or −1 for the root.</summary>
    public int Parent(int node) => _parent[node];

    /// <summary>C(ν) in listed order (empty for a leaf).</summary>
    public IReadOnlyList<int> Children(int node) => _children[node];

    /// <summary>The modes of ν in increasing order.</summary>
    public IReadOnlyList<int> Modes(int node) => _modes[node];

    /// <summary>K_ν = |C(ν)| + 1, the number of vectors of a local component at interior ν (theory.md §6.1).</summary>
    public int K(int node) => IsLeaf(node) ? throw new ArgumentException($"Node {Label(node)} is a leaf; local components live at interior nodes.", nameof(node)) : _children[node].Length + 1;

    /// <summary>The node whose mode set is exactly <paramref name="modes"/> (any order), or −1; below a one-child link, the lowest (the leaf or subtree it repeats).</summary>
    public int Find(IEnumerable<int> modes)
    {
        var sorted = modes.Order().ToArray();
        for (int v = 0; v < NodeCount; v++)
            if (_modes[v].AsSpan().SequenceEqual(sorted)) return v;
        return -1;
    }

    /// <summary>
    /// "{0,1}": the node's 0-based modes in increasing order; a one-child node (a chain link, see
    /// <see cref="OfficialLayers"/>) adds a prime per link above the node whose modes it repeats: "{2}'".
    /// </summary>
    public string Label(int node)
    {
        int primes = 0;
        for (int v = node; !IsLeaf(v) && _children[v].Length == 1; v = _children[v][0]) primes++;
        return "{" + string.Join(",", _modes[node]) + "}" + new string('\'', primes);
    }

    /// <summary>The nested description accepted by <see cref="FromNested"/>, e.g. "((0,1),(2,3))".</summary>
    public override string ToString() => Nested(Root);

    private string Nested(int node) => IsLeaf(node) ? node.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(" + string.Join(",", _children[node].Select(Nested)) + ")";

    private IEnumerable<int> LeavesInTreeOrder(int node) => IsLeaf(node) ? [node] : _children[node].SelectMany(LeavesInTreeOrder);

    /// <summary>
    /// The official default ("checkerboard", RMC22 code: ht_tensor_factorization.py mode tree): level by level,
    /// adjacent nodes are pooled in pairs — a perfect binary tree when N is a power of two (N = 4: {0,1}, {2,3},
    /// root). When a level has an odd number of nodes the last one is carried up unchanged to the next level
    /// (N = 3: root with children {0,1}, {2}; N = 5: {0,1}, {2,3}, then {0,1,2,3}, then root with {4}). The
    /// official code instead passes it through a pool of size 1, i.e. a single-child node with its own weight
    /// matrix (theory.md §6.3 reading B): that is <see cref="OfficialLayers"/>.
    /// </summary>
    public static ModeTree Checkerboard(int order) => Layers(order, linkOddNodeOut: false);

    /// <summary>
    /// The RMC22 code's layers exactly (ht_tensor_factorization.py L95–148, theory.md §6.3 reading B): ⌈log₂ N⌉ layers,
    /// each pooling adjacent nodes in pairs; an odd node out is pooled alone, i.e. gets a one-child node with its own
    /// weight matrix (the code's layer factor for a pool of size 1). N = 3: root with children {0,1} and {2}' (over leaf
    /// {2}); N = 4: the checkerboard tree. The end tensor is T_ν = K_ν W^(ν) with K_ν = T_c for the one child c: the
    /// leaf's factor times the link's matrix, a depth-2 chain (not a local tensor factorization with K ≥ 3).
    /// </summary>
    public static ModeTree OfficialLayers(int order) => Layers(order, linkOddNodeOut: true);

    /// <summary>Level by level, adjacent nodes pooled in pairs; an odd node out is carried up, or pooled alone (a one-child link).</summary>
    private static ModeTree Layers(int order, bool linkOddNodeOut)
    {
        RequireOrder(order);
        var interior = new List<int[]>();
        var level = Enumerable.Range(0, order).ToList();
        while (level.Count > 1)
        {
            var next = new List<int>();
            for (int i = 0; i < level.Count; i += 2)
            {
                if (i + 1 == level.Count && !linkOddNodeOut)
                {
                    next.Add(level[i]);
                    continue;
                }
                interior.Add(i + 1 < level.Count ? [level[i], level[i + 1]] : [level[i]]);
                next.Add(order + interior.Count - 1);
            }
            level = next;
        }
        return Renumbered(order, interior);
    }

    /// <summary>
    /// Recursive halving of contiguous mode ranges: [lo, hi) splits into [lo, lo + ⌈n/2⌉) and [lo + ⌈n/2⌉, hi)
    /// until singletons. Equals <see cref="Checkerboard"/> for N a power of two (N = 5: {0,1,2} = ({0,1},{2}), {3,4}).
    /// </summary>
    public static ModeTree Balanced(int order)
    {
        RequireOrder(order);
        var interior = new List<int[]>();
        int Build(int lo, int hi)
        {
            if (hi - lo == 1) return lo;
            int mid = lo + (hi - lo + 1) / 2;
            int a = Build(lo, mid), b = Build(mid, hi);
            interior.Add([a, b]);
            return order + interior.Count - 1;
        }
        Build(0, order);
        return new ModeTree(order, interior);
    }

    /// <summary>
    /// Parses a nested-parentheses description: a leaf is a 0-based mode number, an interior node is
    /// "(child,child,…)", e.g. "((0,1),(2,3))" (checkerboard N = 4), "(0,(1,2),3)", "((0,1),(2))" (a one-child link over
    /// leaf 2, <see cref="OfficialLayers"/> N = 3),
    /// "((0,2),(1,3))" (children need not be contiguous), or "0" (N = 1). Whitespace is ignored. The modes must
    /// be exactly 0..N−1, each once.
    /// </summary>
    public static ModeTree FromNested(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var text = new string(description.Where(ch => !char.IsWhiteSpace(ch)).ToArray());
        if (text.Length == 0) throw new FormatException("An empty mode tree description.");
        var leaves = new List<int>();
        var raw = new List<(bool Leaf, int Mode, List<int> Children)>();
        int pos = 0;

        int Parse()
        {
            if (pos >= text.Length) throw new FormatException($"Mode tree \"{description}\": unexpected end; expected a mode number or '('.");
            if (text[pos] == '(')
            {
                pos++;
                var children = new List<int> { Parse() };
                while (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    children.Add(Parse());
                }
                if (pos >= text.Length || text[pos] != ')')
                    throw new FormatException($"Mode tree \"{description}\": expected ',' or ')' at position {pos}.");
                pos++;
                raw.Add((false, -1, children));
                return raw.Count - 1;
            }
            int start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == start) throw new FormatException($"Mode tree \"{description}\": expected a mode number or '(' at position {start}, found '{text[start]}'.");
            if (!int.TryParse(text.AsSpan(start, pos - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int mode))
                throw new FormatException($"Mode tree \"{description}\": mode number at position {start} is too large.");
            leaves.Add(mode);
            raw.Add((true, mode, []));
            return raw.Count - 1;
        }

        Parse();
        if (pos != text.Length) throw new FormatException($"Mode tree \"{description}\": unexpected '{text[pos]}' at position {pos} after the root.");
        int order = leaves.Count;
        var sorted = leaves.Order().ToArray();
        for (int n = 0; n < order; n++)
            if (sorted[n] != n)
            {
                var duplicate = sorted.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1)?.Key;
                throw new FormatException(duplicate is { } d
                    ? $"Mode tree \"{description}\": mode {d} appears more than once."
                    : $"Mode tree \"{description}\": the modes must be 0..{order - 1} (0-based), but mode {Enumerable.Range(0, order).Except(leaves).First()} is missing.");
            }

        // Raw entries are already in post-order; map them to ids (leaf = mode, interior = N + post-order index).
        var ids = new int[raw.Count];
        var interior = new List<int[]>();
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw[i].Leaf) { ids[i] = raw[i].Mode; continue; }
            interior.Add(raw[i].Children.Select(c => ids[c]).ToArray());
            ids[i] = order + interior.Count - 1;
        }
        return new ModeTree(order, interior);
    }

    // Checkerboard builds levels bottom-up, which is not post-order; renumber interior nodes by a post-order walk.
    private static ModeTree Renumbered(int order, List<int[]> interior)
    {
        if (interior.Count == 0) return new ModeTree(order, interior);
        var result = new List<int[]>();
        int Walk(int node)
        {
            if (node < order) return node;
            var children = interior[node - order].Select(Walk).ToArray();
            result.Add(children);
            return order + result.Count - 1;
        }
        Walk(order + interior.Count - 1);
        return new ModeTree(order, result);
    }

    private static void RequireOrder(int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), $"A mode tree needs at least one mode, got N = {order}.");
    }
}
