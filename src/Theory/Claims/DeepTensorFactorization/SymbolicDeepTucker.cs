using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.DeepTensorFactorization;

/// <summary>
/// Symbolic deep Tucker model of the H24 code (theory.md DT-2) with R_n = D_n = D: a core symbol per entry, M^(n) ∈ ℝ^{D×D},
/// per mode n and column i a chain P^(n)_{i,1..L−1} ∈ ℝ^{D×D}; U^(n)_{:,i} = P^(n)_{i,1}⋯P^(n)_{i,L−1} M^(n)_{:,i};
/// 𝒲_{a} = Σ_{i} 𝒢_{i} Π_n U^(n)_{a_n i_n}; a free symbolic gradient tensor and velocities −Σ G ∂𝒲/∂θ by differentiation.
/// Names (1-based): C_{i₁}_…, M{n}_{a}_{i}, P{n}_{i}_{k}_{a}_{b}, G_{a₁}_… (gradient).
/// </summary>
public sealed class SymbolicDeepTucker
{
    private readonly Symbol[] _core;
    private readonly Symbol[][,] _m;          // [n][a, i]
    private readonly Symbol[][][][,] _p;      // [n][i][k-1][a, b]
    private readonly int[][] _indices;

    public int Order { get; }
    public int Dimension { get; }
    public int Depth { get; }
    public IReadOnlyList<Expr> Entries { get; }
    public IReadOnlyList<Expr> GradientEntries { get; }
    public IReadOnlyDictionary<Symbol, Expr> Velocities { get; }

    public SymbolicDeepTucker(int order, int dimension, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        (Order, Dimension, Depth) = (order, dimension, depth);
        int d = dimension;
        _indices = MultiIndices(order, d);
        _core = _indices.Select(idx => Expr.Sym("C_" + string.Join("_", idx.Select(i => i + 1)))).ToArray();
        _m = new Symbol[order][,];
        _p = new Symbol[order][][][,];
        for (int n = 0; n < order; n++)
        {
            _m[n] = new Symbol[d, d];
            for (int a = 0; a < d; a++)
                for (int i = 0; i < d; i++) _m[n][a, i] = Expr.Sym($"M{n + 1}_{a + 1}_{i + 1}");
            _p[n] = new Symbol[d][][,];
            for (int i = 0; i < d; i++)
            {
                _p[n][i] = new Symbol[depth - 1][,];
                for (int k = 0; k < depth - 1; k++)
                {
                    _p[n][i][k] = new Symbol[d, d];
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++) _p[n][i][k][a, b] = Expr.Sym($"P{n + 1}_{i + 1}_{k + 1}_{a + 1}_{b + 1}");
                }
            }
        }
        // U^(n)_{:,i} = P_{i,1} ⋯ P_{i,L−1} M_{:,i}, applied right to left.
        var u = new Expr[order][,];
        for (int n = 0; n < order; n++)
        {
            u[n] = new Expr[d, d];
            for (int i = 0; i < d; i++)
            {
                var column = Enumerable.Range(0, d).Select(a => (Expr)_m[n][a, i]).ToArray();
                for (int k = depth - 2; k >= 0; k--)
                {
                    var p = _p[n][i][k];
                    column = Enumerable.Range(0, d).Select(a => Expr.Add(Enumerable.Range(0, d).Select(b => p[a, b] * column[b]))).ToArray();
                }
                for (int a = 0; a < d; a++) u[n][a, i] = column[a];
            }
        }
        Entries = _indices.Select(a => Expr.Add(_indices.Select((i, k) =>
            Expr.Multiply([_core[k], .. Enumerable.Range(0, order).Select(n => u[n][a[n], i[n]])])))).ToArray();
        GradientEntries = _indices.Select(idx => (Expr)Expr.Sym("G_" + string.Join("_", idx.Select(i => i + 1)))).ToArray();
        var parameters = _core.Concat(_m.SelectMany(m => m.Cast<Symbol>())).Concat(_p.SelectMany(pn => pn.SelectMany(pi => pi.SelectMany(pk => pk.Cast<Symbol>())))).ToArray();
        var entries = Entries;
        var gradient = GradientEntries;
        Velocities = parameters.ToDictionary(w => w, w => -Expr.Add(Enumerable.Range(0, entries.Count)
            .Select(k => Expr.Multiply(gradient[k], Differentiation.Differentiate(entries[k], w)))));
        U = u;
    }

    /// <summary>U^(n) entries [a, i] as expressions.</summary>
    public IReadOnlyList<Expr[,]> U { get; }

    private static int[][] MultiIndices(int order, int d)
    {
        var result = new List<int[]>();
        var idx = new int[order];
        while (true)
        {
            result.Add((int[])idx.Clone());
            int n = order - 1;
            while (n >= 0 && ++idx[n] == d) idx[n--] = 0;
            if (n < 0) return result.ToArray();
        }
    }

    /// <summary>⟨𝒢^(n)_i, 𝒢^(n)_j⟩ (slices along mode n).</summary>
    public Expr CoreSliceInner(int n, int i, int j) =>
        Expr.Add(_indices.Select((idx, k) => (idx, k)).Where(t => t.idx[n] == i).Select(t =>
        {
            var other = (int[])t.idx.Clone();
            other[n] = j;
            int kj = Array.FindIndex(_indices, x => x.SequenceEqual(other));
            return (Expr)_core[t.k] * _core[kj];
        }));

    private static Expr[,] Matrix(Symbol[,] s) { var r = new Expr[s.GetLength(0), s.GetLength(1)]; for (int a = 0; a < r.GetLength(0); a++) for (int b = 0; b < r.GetLength(1); b++) r[a, b] = s[a, b]; return r; }
    private static Expr[,] Gram(Expr[,] x, bool transposeFirst)
    {
        // transposeFirst: XᵀX; else XXᵀ.
        int rows = x.GetLength(0), cols = x.GetLength(1), m = transposeFirst ? cols : rows, inner = transposeFirst ? rows : cols;
        var r = new Expr[m, m];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                r[a, b] = Expr.Add(Enumerable.Range(0, inner).Select(c => transposeFirst ? x[c, a] * x[c, b] : x[a, c] * x[b, c]));
        return r;
    }
    private static IEnumerable<Expr> Difference(Expr[,] x, Expr[,] y) { for (int a = 0; a < x.GetLength(0); a++) for (int b = 0; b < x.GetLength(1); b++) yield return x[a, b] - y[a, b]; }

    /// <summary>Every entry of every DT-2.C invariant (theory.md §1.2), labelled.</summary>
    public IEnumerable<(string Name, Expr Value)> Invariants()
    {
        int d = Dimension;
        for (int n = 0; n < Order; n++)
        {
            if (Depth == 1)
            {
                // 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n), indexed by core indices (i, j).
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++)
                        yield return ($"mode {n + 1}: (𝒢𝒢ᵀ − UᵀU)_{i + 1}{j + 1}",
                            CoreSliceInner(n, i, j) - Expr.Add(Enumerable.Range(0, d).Select(a => U[n][a, i] * U[n][a, j])));
                continue;
            }
            for (int i = 0; i < d; i++)
            {
                var p = _p[n][i];
                yield return ($"mode {n + 1}, slice {i + 1}: ‖𝒢_i‖² − ‖P_1‖²", CoreSliceInner(n, i, i) - Expr.Add(p[0].Cast<Symbol>().Select(s => Expr.Pow(s, Expr.Two))));
                for (int k = 0; k + 1 < Depth - 1; k++)
                    foreach (var e in Difference(Gram(Matrix(p[k]), true), Gram(Matrix(p[k + 1]), false)))
                        yield return ($"mode {n + 1}, slice {i + 1}: P_{k + 1}ᵀP_{k + 1} − P_{k + 2}P_{k + 2}ᵀ", e);
                var m = new Expr[d, 1];
                for (int a = 0; a < d; a++) m[a, 0] = _m[n][a, i];
                foreach (var e in Difference(Gram(Matrix(p[Depth - 2]), true), Gram(m, false)))
                    yield return ($"mode {n + 1}, slice {i + 1}: P_{Depth - 1}ᵀP_{Depth - 1} − M_iM_iᵀ", e);
            }
        }
    }

    /// <summary>d/dt of every invariant entry under <see cref="Velocities"/>, as identity residuals (each must be zero).</summary>
    public IEnumerable<IdentityResidual> InvariantRates() =>
        Invariants().Select(q => new IdentityResidual($"d/dt {q.Name}", Differentiation.TimeDerivative(q.Value, Velocities)));

    /// <summary>Invariants whose time derivative under <see cref="Velocities"/> is not the zero polynomial.</summary>
    public IReadOnlyList<string> NonConserved(IEnumerable<(string Name, Expr Value)>? quantities = null) =>
        (quantities ?? Invariants()).Where(q => !Polynomial.FromExpr(Differentiation.TimeDerivative(q.Value, Velocities)).IsZero).Select(q => q.Name).ToList();

    /// <summary>The depth-1 quantity 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) at any depth (conserved only for L = 1).</summary>
    public IEnumerable<(string Name, Expr Value)> ModeGramDifference(int n)
    {
        for (int i = 0; i < Dimension; i++)
            for (int j = 0; j < Dimension; j++)
                yield return ($"(𝒢𝒢ᵀ − UᵀU)_{i + 1}{j + 1}", CoreSliceInner(n, i, j) - Expr.Add(Enumerable.Range(0, Dimension).Select(a => U[n][a, i] * U[n][a, j])));
    }
}
