using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>Where the gradient ∇L(W_e) of a <see cref="SymbolicCpFactorization"/> comes from.</summary>
public enum CpGradient
{
    /// <summary>A free symbol G_{i₁…i_N} per entry: identities then hold for every loss (theory.md §8.0).</summary>
    Free,

    /// <summary>Full observation L = ½‖W_e − Y‖² with a symbolic target Y, so ∇L = W_e − Y.</summary>
    SquaredLoss,
}

/// <summary>d/dt(‖w_r^n‖² − ‖w_r^{n'}‖²) for one component r and modes n &lt; n' (0-based), as an expression.</summary>
public sealed record ConservationResidual(int Component, int Mode, int OtherMode, Expr Residual);

/// <summary>
/// The same residual as a <see cref="Polynomial"/>: <see cref="Rate"/> − <see cref="OtherRate"/> with
/// Rate = d/dt‖w_r^n‖², OtherRate = d/dt‖w_r^{n'}‖², each expanded on its own before they cancel.
/// </summary>
public sealed record ConservationPolynomial(int Component, int Mode, int OtherMode, Polynomial Rate, Polynomial OtherRate)
{
    public Polynomial Residual { get; } = Rate - OtherRate;

    /// <summary>Monomials of the two expanded parts before cancellation.</summary>
    public int MonomialsBeforeCancellation => Rate.TermCount + OtherRate.TermCount;
}

/// <summary>
/// Symbolic CP tensor factorization W_e = Σ_r w_r^1 ⊗ ⋯ ⊗ w_r^N (theory.md §5.1) with real factor symbols
/// and gradient-flow velocities derived by <see cref="Differentiation"/>, for TF-C1 (theory.md §5.1, §1.2):
/// d/dt(‖w_r^n‖² − ‖w_r^{n'}‖²) = 0 under ẇ_r^n = −∇L(W_e)·Π_{n'≠n} w_r^{n'}.
/// Symbol names are 1-based: w{r}_{n}_{i} is entry i of w_r^n (w1_2_3: r = 1, mode n = 2, index i = 3);
/// G_{i₁}_…_{i_N} and Y_{i₁}_…_{i_N} are gradient and target entries. Method arguments are 0-based.
/// </summary>
public sealed class SymbolicCpFactorization
{
    private readonly Symbol[][][] _factors; // [r][n][i]
    private readonly Expr[] _entries;
    private readonly Expr[] _gradient;

    public int Order => Dimensions.Count;
    public IReadOnlyList<int> Dimensions { get; }
    public int Rank { get; }
    public CpGradient Gradient { get; }

    /// <summary>Every multi-index (i₁, …, i_N), 0-based, in row-major order; <see cref="Entries"/> follows it.</summary>
    public IReadOnlyList<int[]> Indices { get; }

    /// <summary>Entries of W_e in the order of <see cref="Indices"/>.</summary>
    public IReadOnlyList<Expr> Entries => _entries;

    /// <summary>Entries of ∇L(W_e) in the order of <see cref="Indices"/>: G symbols, or W_e − Y.</summary>
    public IReadOnlyList<Expr> GradientEntries => _gradient;

    /// <summary>½‖W_e − Y‖² for <see cref="CpGradient.SquaredLoss"/>; null for a free gradient.</summary>
    public Expr? Loss { get; }

    /// <summary>Every factor symbol in (r, n, i) order.</summary>
    public IReadOnlyList<Symbol> Factors { get; }

    /// <summary>ẇ for every factor symbol: −Σ_idx G_idx ∂(W_e)_idx/∂w (free), or −∂L(W_e)/∂w (squared loss).</summary>
    public IReadOnlyDictionary<Symbol, Expr> Velocities { get; }

    public static SymbolicCpFactorization WithFreeGradient(int order, int dimension, int rank) =>
        new(Uniform(order, dimension), rank, CpGradient.Free);

    public static SymbolicCpFactorization WithFreeGradient(IReadOnlyList<int> dimensions, int rank) =>
        new(dimensions, rank, CpGradient.Free);

    public static SymbolicCpFactorization WithSquaredLoss(int order, int dimension, int rank) =>
        new(Uniform(order, dimension), rank, CpGradient.SquaredLoss);

    public static SymbolicCpFactorization WithSquaredLoss(IReadOnlyList<int> dimensions, int rank) =>
        new(dimensions, rank, CpGradient.SquaredLoss);

    private static int[] Uniform(int order, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        return Enumerable.Repeat(dimension, order).ToArray();
    }

    public SymbolicCpFactorization(IReadOnlyList<int> dimensions, int rank, CpGradient gradient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions.Count, 1, nameof(dimensions));
        foreach (var d in dimensions) ArgumentOutOfRangeException.ThrowIfLessThan(d, 1, nameof(dimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        Dimensions = dimensions.ToArray();
        Rank = rank;
        Gradient = gradient;

        _factors = new Symbol[rank][][];
        for (int r = 0; r < rank; r++)
        {
            _factors[r] = new Symbol[Order][];
            for (int n = 0; n < Order; n++)
            {
                _factors[r][n] = new Symbol[Dimensions[n]];
                for (int i = 0; i < Dimensions[n]; i++) _factors[r][n][i] = Expr.Sym($"w{r + 1}_{n + 1}_{i + 1}");
            }
        }
        Factors = _factors.SelectMany(f => f).SelectMany(f => f).ToArray();

        Indices = MultiIndices(Dimensions);
        _entries = Indices.Select(idx => Expr.Add(Enumerable.Range(0, rank).Select(r =>
            Expr.Multiply(Enumerable.Range(0, Order).Select(n => (Expr)_factors[r][n][idx[n]]))))).ToArray();

        if (gradient == CpGradient.Free)
        {
            _gradient = Indices.Select(idx => (Expr)Expr.Sym("G_" + string.Join("_", idx.Select(i => i + 1)))).ToArray();
            // Chain rule: ẇ = −Σ_idx G_idx ∂(W_e)_idx/∂w.
            Velocities = Factors.ToDictionary(w => w, w => -Expr.Add(Enumerable.Range(0, _entries.Length)
                .Select(k => Expr.Multiply(_gradient[k], Differentiation.Differentiate(_entries[k], w)))));
        }
        else
        {
            var residuals = Indices.Select((idx, k) => _entries[k] - Expr.Sym("Y_" + string.Join("_", idx.Select(i => i + 1)))).ToArray();
            _gradient = residuals;
            Loss = Expr.Multiply(Expr.Half, Expr.Add(residuals.Select(e => Expr.Pow(e, Expr.Two))));
            var loss = Loss;
            Velocities = Factors.ToDictionary(w => w, w => -Differentiation.Differentiate(loss, w));
        }
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

    /// <summary>w_r^n as its entry symbols (0-based r, n).</summary>
    public IReadOnlyList<Symbol> Vector(int r, int n) => _factors[r][n];

    /// <summary>Entry i of w_r^n (0-based), named w{r+1}_{n+1}_{i+1}.</summary>
    public Symbol Factor(int r, int n, int i) => _factors[r][n][i];

    /// <summary>(W_e)_idx for a 0-based multi-index.</summary>
    public Expr Entry(params int[] index)
    {
        if (index.Length != Order) throw new ArgumentException($"An entry of an order-{Order} tensor needs {Order} indices.", nameof(index));
        int k = 0;
        for (int n = 0; n < Order; n++)
        {
            if ((uint)index[n] >= (uint)Dimensions[n]) throw new ArgumentOutOfRangeException(nameof(index));
            k = k * Dimensions[n] + index[n];
        }
        return _entries[k];
    }

    /// <summary>‖w_r^n‖².</summary>
    public Expr SquaredNorm(int r, int n) => Expr.Add(_factors[r][n].Select(w => Expr.Pow(w, Expr.Two)));

    /// <summary>d/dt ‖w_r^n‖² by <see cref="Differentiation.TimeDerivative"/> (velocities default to <see cref="Velocities"/>).</summary>
    public Expr NormRate(int r, int n, IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        Differentiation.TimeDerivative(SquaredNorm(r, n), velocities ?? Velocities);

    private static IEnumerable<(int R, int N, int M)> Pairs(int rank, int order)
    {
        for (int r = 0; r < rank; r++)
            for (int n = 0; n < order; n++)
                for (int m = n + 1; m < order; m++)
                    yield return (r, n, m);
    }

    /// <summary>TF-C1: d/dt(‖w_r^n‖² − ‖w_r^{n'}‖²) by <see cref="Differentiation.TimeDerivative"/>, for every r and n &lt; n'.</summary>
    public IReadOnlyList<ConservationResidual> ConservationResiduals(IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        Pairs(Rank, Order).Select(p => new ConservationResidual(p.R, p.N, p.M,
            Differentiation.TimeDerivative(SquaredNorm(p.R, p.N) - SquaredNorm(p.R, p.M), velocities ?? Velocities))).ToArray();

    /// <summary>d/dt ‖w_r^n‖² for every r (outer) and n (inner); the input of the two zero-testing paths below.</summary>
    public IReadOnlyList<IReadOnlyList<Expr>> NormRates(IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        Enumerable.Range(0, Rank).Select(r => (IReadOnlyList<Expr>)Enumerable.Range(0, Order).Select(n => NormRate(r, n, velocities)).ToArray()).ToArray();

    /// <summary>TF-C1 residuals as polynomials; each rate d/dt‖w_r^n‖² is converted once and shared by its pairs.</summary>
    public IReadOnlyList<ConservationPolynomial> ConservationPolynomials(IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        ConservationPolynomials(NormRates(velocities));

    /// <inheritdoc cref="ConservationPolynomials(IReadOnlyDictionary{Symbol, Expr}?)"/>
    /// <param name="normRates">[r][n] = d/dt ‖w_r^n‖², as from <see cref="NormRates"/>.</param>
    public static IReadOnlyList<ConservationPolynomial> ConservationPolynomials(IReadOnlyList<IReadOnlyList<Expr>> normRates)
    {
        var rates = normRates.Select(row => row.Select(Polynomial.FromExpr).ToArray()).ToArray();
        return Pairs(rates.Length, rates.Length == 0 ? 0 : rates[0].Length)
            .Select(p => new ConservationPolynomial(p.R, p.N, p.M, rates[p.R][p.N], rates[p.R][p.M])).ToArray();
    }

    /// <summary>
    /// TF-C1 residuals by <see cref="Expansion.Expand"/> instead (the reference path): each rate expanded once,
    /// then the difference collected by <see cref="Expr.Add(Expr[])"/>.
    /// </summary>
    public IReadOnlyList<Expr> ExpandedConservationResiduals(IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        ExpandedConservationResiduals(NormRates(velocities));

    /// <inheritdoc cref="ExpandedConservationResiduals(IReadOnlyDictionary{Symbol, Expr}?)"/>
    /// <param name="normRates">[r][n] = d/dt ‖w_r^n‖², as from <see cref="NormRates"/>.</param>
    public static IReadOnlyList<Expr> ExpandedConservationResiduals(IReadOnlyList<IReadOnlyList<Expr>> normRates)
    {
        var rates = normRates.Select(row => row.Select(Expansion.Expand).ToArray()).ToArray();
        return Pairs(rates.Length, rates.Length == 0 ? 0 : rates[0].Length)
            .Select(p => Expr.Add(rates[p.R][p.N], Expansion.Distribute(Expr.MinusOne, rates[p.R][p.M]))).ToArray();
    }

    /// <summary>True when every TF-C1 residual polynomial is zero.</summary>
    public bool ConservationHolds(IReadOnlyDictionary<Symbol, Expr>? velocities = null) =>
        ConservationPolynomials(velocities).All(p => p.Residual.IsZero);
}
