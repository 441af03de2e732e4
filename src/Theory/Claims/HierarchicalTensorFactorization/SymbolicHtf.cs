using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>
/// Symbolic hierarchical tensor factorization (theory.md §6.1) over a mode tree given as a nested description
/// ("((0,1),(2,3))", 0-based modes): a symbol for every entry of every node matrix W^(ν) ∈ ℝ^{R_ν × R_Pa(ν)}
/// (leaves: R = D_n; root: R_Pa = 1), the end tensor by the recursion 𝒲^{ν,r} = Σ_r' W^(ν)_{r',r} ⊗_c 𝒲^{c,r'},
/// a free symbolic gradient tensor G (identities then hold for every loss) and gradient-flow velocities
/// ẇ = −Σ_idx G_idx ∂(𝒲_H)_idx/∂w derived by <see cref="Differentiation"/>.
/// Symbol names are 1-based: W{modes}_{i}_{j} is entry (i, j) of the matrix of the node whose modes are listed
/// (W12_2_1: node {1,2}, row 2, column 1; W3_1_2: leaf {3}); G_{i₁}_…_{i_N} are gradient entries.
/// </summary>
public sealed class SymbolicHtf
{
    private readonly List<int[]> _modes = [];          // per node, sorted 0-based modes
    private readonly List<int[]> _children = [];
    private readonly List<int> _parent = [];
    private readonly List<Symbol[,]> _weights = [];
    private readonly int[] _dims;
    private readonly int _width;

    public int Order { get; }
    public int Root { get; }
    public string Description { get; }

    /// <summary>Every multi-index (i₁, …, i_N), 0-based, row-major; <see cref="Entries"/> and <see cref="GradientEntries"/> follow it.</summary>
    public IReadOnlyList<int[]> Indices { get; }
    public IReadOnlyList<Expr> Entries { get; }
    public IReadOnlyList<Expr> GradientEntries { get; }

    /// <summary>Every weight symbol.</summary>
    public IReadOnlyList<Symbol> Weights { get; }

    /// <summary>ẇ = −Σ_idx G_idx ∂(𝒲_H)_idx/∂w for every weight symbol.</summary>
    public IReadOnlyDictionary<Symbol, Expr> Velocities { get; }

    /// <param name="tree">Nested 0-based description, e.g. "((0,1),(2,3))" or "((0,1),2)".</param>
    /// <param name="dimension">D_n for every mode.</param>
    /// <param name="width">R_ν for every interior node.</param>
    public SymbolicHtf(string tree, int dimension, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Description = tree;
        _width = width;
        var leaves = new SortedDictionary<int, int>();
        int pos = 0;
        var text = tree.Replace(" ", "", StringComparison.Ordinal);
        Root = Parse(text, ref pos, leaves);
        if (pos != text.Length) throw new ArgumentException($"Trailing text in tree '{tree}'.", nameof(tree));
        Order = _modes[Root].Length;
        if (!Enumerable.Range(0, Order).SequenceEqual(_modes[Root])) throw new ArgumentException($"Tree '{tree}' must cover modes 0..N−1 once.", nameof(tree));
        _dims = Enumerable.Repeat(dimension, Order).ToArray();
        foreach (var _ in _modes) _parent.Add(-1);
        for (int v = 0; v < _modes.Count; v++) foreach (int c in _children[v]) _parent[c] = v;

        for (int v = 0; v < _modes.Count; v++)
        {
            int rows = Width(v), cols = ParentWidth(v);
            var w = new Symbol[rows, cols];
            string label = string.Concat(_modes[v].Select(m => m + 1));
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) w[i, j] = Expr.Sym($"W{label}_{i + 1}_{j + 1}");
            _weights.Add(w);
        }
        Weights = _weights.SelectMany(w => w.Cast<Symbol>()).ToArray();

        Indices = MultiIndices(_dims);
        Entries = Indices.Select(idx => Entry(Root, 0, idx)).ToArray();
        GradientEntries = Indices.Select(idx => (Expr)Expr.Sym("G_" + string.Join("_", idx.Select(i => i + 1)))).ToArray();
        var entries = Entries;
        var gradient = GradientEntries;
        Velocities = Weights.ToDictionary(w => w, w => -Expr.Add(Enumerable.Range(0, entries.Count)
            .Select(k => Expr.Multiply(gradient[k], Differentiation.Differentiate(entries[k], w)))));
    }

    private int Parse(string s, ref int pos, SortedDictionary<int, int> leaves)
    {
        if (s[pos] == '(')
        {
            pos++;
            var children = new List<int>();
            while (true)
            {
                children.Add(Parse(s, ref pos, leaves));
                if (s[pos] == ',') { pos++; continue; }
                if (s[pos] == ')') { pos++; break; }
                throw new ArgumentException($"Unexpected '{s[pos]}' in tree '{s}'.");
            }
            if (children.Count < 2) throw new ArgumentException("An interior node needs at least two children.");
            _modes.Add(children.SelectMany(c => _modes[c]).Order().ToArray());
            _children.Add(children.ToArray());
            return _modes.Count - 1;
        }
        int start = pos;
        while (pos < s.Length && char.IsDigit(s[pos])) pos++;
        int mode = int.Parse(s.AsSpan(start, pos - start), System.Globalization.CultureInfo.InvariantCulture);
        if (!leaves.TryAdd(mode, _modes.Count)) throw new ArgumentException($"Mode {mode} appears twice.");
        _modes.Add([mode]);
        _children.Add([]);
        return _modes.Count - 1;
    }

    private static int[][] MultiIndices(IReadOnlyList<int> dims)
    {
        var result = new List<int[]>();
        var idx = new int[dims.Count];
        while (true)
        {
            result.Add((int[])idx.Clone());
            int n = dims.Count - 1;
            while (n >= 0 && ++idx[n] == dims[n]) idx[n--] = 0;
            if (n < 0) return result.ToArray();
        }
    }

    public bool IsLeaf(int node) => _children[node].Length == 0;
    public IEnumerable<int> InteriorNodes => Enumerable.Range(0, _modes.Count).Where(v => !IsLeaf(v));
    public IReadOnlyList<int> Children(int node) => _children[node];
    public IReadOnlyList<int> Modes(int node) => _modes[node];
    public string Label(int node) => "{" + string.Join(",", _modes[node].Select(m => m + 1)) + "}";

    /// <summary>K_ν = |C(ν)| + 1.</summary>
    public int K(int node) => _children[node].Length + 1;

    /// <summary>R_ν (leaves: D_n).</summary>
    public int Width(int node) => IsLeaf(node) ? _dims[_modes[node][0]] : _width;

    /// <summary>R_Pa(ν) (root: 1).</summary>
    public int ParentWidth(int node) => _parent[node] < 0 ? 1 : Width(_parent[node]);

    public Symbol Weight(int node, int row, int column) => _weights[node][row, column];

    /// <summary>(𝒲^{ν,r})_idx for a full 0-based multi-index (only ν's modes are read).</summary>
    private Expr Entry(int node, int r, int[] idx)
    {
        if (IsLeaf(node)) return _weights[node][idx[_modes[node][0]], r];
        return Expr.Add(Enumerable.Range(0, Width(node)).Select(r2 =>
            Expr.Multiply([_weights[node][r2, r], .. _children[node].Select(c => Entry(c, r2, idx))])));
    }

    /// <summary>The K_ν vectors of local component (ν, r): column r of every child's matrix, then row r of W^(ν).</summary>
    public IReadOnlyList<IReadOnlyList<Symbol>> LocalComponent(int node, int r)
    {
        var vectors = new List<IReadOnlyList<Symbol>>();
        foreach (int c in _children[node])
            vectors.Add(Enumerable.Range(0, Width(c)).Select(i => _weights[c][i, r]).ToArray());
        vectors.Add(Enumerable.Range(0, ParentWidth(node)).Select(j => _weights[node][r, j]).ToArray());
        return vectors;
    }

    public static Expr SquaredNorm(IEnumerable<Symbol> vector) => Expr.Add(vector.Select(w => Expr.Pow(w, Expr.Two)));

    /// <summary>σ_H^(ν,r)Δ^(ν,r) entrywise: the end tensor with the rows r' ≠ r of W^(ν) set to zero.</summary>
    public IReadOnlyList<Expr> ScaledLocalComponentTensor(int node, int r)
    {
        var zeros = new Dictionary<Symbol, Expr>();
        for (int r2 = 0; r2 < Width(node); r2++)
            if (r2 != r)
                for (int j = 0; j < ParentWidth(node); j++) zeros[_weights[node][r2, j]] = Expr.Zero;
        return Entries.Select(e => Substitution.Substitute(e, zeros)).ToArray();
    }

    /// <summary>⟨−G, T⟩ for a tensor T given entrywise in the order of <see cref="Indices"/>.</summary>
    public Expr NegativeGradientInner(IReadOnlyList<Expr> tensor) =>
        -Expr.Add(Enumerable.Range(0, tensor.Count).Select(k => GradientEntries[k] * tensor[k]));

    /// <summary>d/dt ‖a‖² for every vector a of local component (ν, r), as polynomials (velocities default to <see cref="Velocities"/>).</summary>
    public IReadOnlyList<Polynomial> LocalComponentRates(int node, int r, IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        LocalComponentRateExprs(node, r, velocities).Select(Polynomial.FromExpr).ToArray();

    /// <summary>d/dt ‖a‖² for every vector a of local component (ν, r), as expressions (not expanded).</summary>
    public IReadOnlyList<Expr> LocalComponentRateExprs(int node, int r, IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        LocalComponent(node, r).Select(a => Differentiation.TimeDerivative(SquaredNorm(a), velocities ?? Velocities)).ToArray();
}
