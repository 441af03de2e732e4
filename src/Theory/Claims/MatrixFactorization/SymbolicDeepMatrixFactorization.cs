using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// Symbolic deep matrix factorization W_e = W_N ⋯ W_1 (theory.md §2.1), all layers d×d, with real entry symbols
/// and a free symbolic gradient matrix G standing for ∇ℓ(W_e) (theory.md §8.0: identities must hold for every G).
/// Gradient-flow velocities are derived, not written: Ẇ_j = −∂⟨G, W_N⋯W_1⟩/∂W_j by <see cref="Differentiation"/>.
/// Symbol names are 1-based: W{j}_{r}_{c} is entry (r, c) of W_j; G_{r}_{c} is entry (r, c) of G.
/// Method arguments j are 1-based (as in the papers), row/column indices 0-based.
/// </summary>
public sealed class SymbolicDeepMatrixFactorization
{
    private readonly Symbol[][,] _layers; // [j] (1-based, index 0 unused)
    private readonly Symbol[,] _g;

    public int Depth { get; }
    public int Dimension { get; }

    /// <summary>Entries of W_e (row-major).</summary>
    public Expr[,] End { get; }

    /// <summary>⟨G, W_e⟩, whose derivative in W_j is the gradient ∂φ/∂W_j when G = ∇ℓ(W_e).</summary>
    public Expr Pairing { get; }

    /// <summary>Ẇ for every layer entry symbol: −∂⟨G, W_e⟩/∂w.</summary>
    public IReadOnlyDictionary<Symbol, Expr> Velocities { get; }

    public SymbolicDeepMatrixFactorization(int depth, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Depth = depth;
        Dimension = dimension;
        int d = dimension;
        _layers = new Symbol[depth + 1][,];
        for (int j = 1; j <= depth; j++)
        {
            _layers[j] = new Symbol[d, d];
            for (int r = 0; r < d; r++)
                for (int c = 0; c < d; c++) _layers[j][r, c] = Expr.Sym($"W{j}_{r + 1}_{c + 1}");
        }
        _g = new Symbol[d, d];
        for (int r = 0; r < d; r++)
            for (int c = 0; c < d; c++) _g[r, c] = Expr.Sym($"G_{r + 1}_{c + 1}");

        Expr[,] product = Layer(1);
        for (int j = 2; j <= depth; j++) product = Multiply(Layer(j), product);
        End = product;
        var pairing = new List<Expr>();
        for (int r = 0; r < d; r++)
            for (int c = 0; c < d; c++) pairing.Add(_g[r, c] * End[r, c]);
        Pairing = Expr.Add(pairing);
        var p = Pairing;
        Velocities = Entries().ToDictionary(w => w, w => -Differentiation.Differentiate(p, w));
    }

    /// <summary>Every layer entry symbol, W_1 first.</summary>
    public IEnumerable<Symbol> Entries()
    {
        for (int j = 1; j <= Depth; j++)
            foreach (var s in _layers[j]) yield return s;
    }

    /// <summary>W_j (1-based) as a matrix of its entry symbols.</summary>
    public Expr[,] Layer(int j)
    {
        var m = new Expr[Dimension, Dimension];
        for (int r = 0; r < Dimension; r++)
            for (int c = 0; c < Dimension; c++) m[r, c] = _layers[j][r, c];
        return m;
    }

    /// <summary>The free gradient matrix G.</summary>
    public Expr[,] Gradient
    {
        get
        {
            var m = new Expr[Dimension, Dimension];
            for (int r = 0; r < Dimension; r++)
                for (int c = 0; c < Dimension; c++) m[r, c] = _g[r, c];
            return m;
        }
    }

    /// <summary>∂φ/∂W_j = ∂⟨G, W_e⟩/∂W_j entrywise (= −Ẇ_j), derived by differentiation.</summary>
    public Expr[,] LayerGradient(int j) => Map(Layer(j), w => -Velocities[(Symbol)w]);

    /// <summary>C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ (j = 1…N−1) of arbitrary layer matrices.</summary>
    public static Expr[,] Balancedness(Expr[,] next, Expr[,] current) =>
        Subtract(Multiply(Transpose(next), next), Multiply(current, Transpose(current)));

    /// <summary>C_j of this factorization's symbols.</summary>
    public Expr[,] Balancedness(int j) => Balancedness(Layer(j + 1), Layer(j));

    /// <summary>d/dt C_j entrywise by <see cref="Differentiation.TimeDerivative"/> (velocities default to <see cref="Velocities"/>).</summary>
    public Expr[,] BalancednessRate(int j, IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        Map(Balancedness(j), e => Differentiation.TimeDerivative(e, velocities ?? Velocities));

    /// <summary>MF-C1 at this size: (entries checked, non-zero residual polynomials, monomials in the rates of W_{j+1}ᵀW_{j+1}).</summary>
    public (int Entries, int NonZero, int Monomials) ConservationCheck(IReadOnlyDictionary<Symbol, Expr>? velocities = null)
    {
        int entries = 0, nonzero = 0, monomials = 0;
        for (int j = 1; j < Depth; j++)
        {
            var next = Map(Multiply(Transpose(Layer(j + 1)), Layer(j + 1)), e => Differentiation.TimeDerivative(e, velocities ?? Velocities));
            var current = Map(Multiply(Layer(j), Transpose(Layer(j))), e => Differentiation.TimeDerivative(e, velocities ?? Velocities));
            for (int r = 0; r < Dimension; r++)
                for (int c = 0; c < Dimension; c++, entries++)
                {
                    var a = Polynomial.FromExpr(next[r, c]);
                    var b = Polynomial.FromExpr(current[r, c]);
                    monomials += a.TermCount + b.TermCount;
                    if (!(a - b).IsZero) nonzero++;
                }
        }
        return (entries, nonzero, monomials);
    }

    public static Expr[,] Multiply(Expr[,] a, Expr[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        if (b.GetLength(0) != k) throw new ArgumentException("Inner dimensions differ.");
        var c = new Expr[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                c[i, j] = Expr.Add(Enumerable.Range(0, k).Select(l => a[i, l] * b[l, j]));
        return c;
    }

    public static Expr[,] Transpose(Expr[,] a)
    {
        var t = new Expr[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    public static Expr[,] Subtract(Expr[,] a, Expr[,] b) => Zip(a, b, (x, y) => x - y);

    public static Expr[,] Add(Expr[,] a, Expr[,] b) => Zip(a, b, (x, y) => x + y);

    public static Expr[,] Scale(Expr s, Expr[,] a) => Map(a, x => s * x);

    public static Expr[,] Map(Expr[,] a, Func<Expr, Expr> f)
    {
        var m = new Expr[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) m[i, j] = f(a[i, j]);
        return m;
    }

    private static Expr[,] Zip(Expr[,] a, Expr[,] b, Func<Expr, Expr, Expr> f)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1)) throw new ArgumentException("Shapes differ.");
        var m = new Expr[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) m[i, j] = f(a[i, j], b[i, j]);
        return m;
    }

    /// <summary>Every entry (r, c) of a residual matrix as an identity residual, labelled 1-based.</summary>
    public static IEnumerable<IdentityResidual> Residuals(string label, Expr[,] residual)
    {
        for (int r = 0; r < residual.GetLength(0); r++)
            for (int c = 0; c < residual.GetLength(1); c++)
                yield return new IdentityResidual($"{label} [{r + 1},{c + 1}]", residual[r, c]);
    }

    /// <summary>True when every entry of <paramref name="a"/> expands to the zero polynomial.</summary>
    public static bool IsZero(Expr[,] a)
    {
        foreach (var e in a)
            if (!Polynomial.FromExpr(e).IsZero) return false;
        return true;
    }
}
