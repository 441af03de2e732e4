using ImplicitReg.Theory.Symbolic;
using M = ImplicitReg.Theory.Claims.MatrixFactorization.SymbolicDeepMatrixFactorization;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// theory.md MF-11 (§1.2 consequences): if the factors are balanced (C_j = 0) and W_e = USVᵀ, every layer has the
/// singular values σ_r(W_e)^{1/N} (zero-padded) and ‖W_j‖_F² = Σ_r σ_r(W_e)^{2/N} for all j. Symbolic side (theory.md
/// §8.0, pure polynomial identities at fixed sizes): (a) for general symbolic layers, W_eW_eᵀ − (W_NW_Nᵀ)^N and
/// W_eᵀW_e − (W_1ᵀW_1)^N are explicit polynomials that are linear combinations of the C_j (so they vanish at every
/// balanced point: σ_r(W_e)² = σ_r(W_N)^{2N} = σ_r(W_1)^{2N}), and ‖W_{j+1}‖² − ‖W_j‖² = tr C_j; (b) the SVD construction
/// W_1 = AVᵀ, W_j = A, W_N = UA (A = diag(a), rational orthogonal U, V) is balanced, has product U diag(a^N) Vᵀ and
/// layer Gram matrices orthogonally similar to diag(a²).
/// </summary>
public sealed class MF11_BalancedFactorsStructure : Claim
{
    public override string Id => "MF-11";
    public override string Title => "Balanced layers have singular values σ_r(W_e)^(1/N) and equal Frobenius norms";
    public override Citation Citation => new(Paper.ACHL19, "balanced factors structure (theory.md MF-11, §1.2)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "C_j = 0 ∀j and W_e = USVᵀ ⇒ σ_r(W_j) = σ_r(W_e)^(1/N) (zero-padded) and ‖W_j‖_F² = Σ_r σ_r(W_e)^(2/N) for every layer j",
        @"C_j=0\ \forall j,\ W_e=USV^\top\ \Longrightarrow\ \sigma_r(W_j)=\sigma_r(W_e)^{1/N}\ \text{(zero-padded)},\quad \|W_j\|_F^2=\sum_r\sigma_r(W_e)^{2/N}\quad\forall j");

    public override IReadOnlyList<string> Assumptions =>
        ["balanced factors C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ = 0 for j = 1…N−1 (exact at a balanced init; O(η) drift under GD, MF-C2)",
         "hidden widths n_j ≥ min(rows, cols)"];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        GramIdentity(2, 2), GramIdentity(2, 3), GramIdentity(3, 2), FrobeniusIdentity(2, 3), FrobeniusIdentity(3, 3),
        Construction(2, 2), Construction(2, 3), Construction(3, 3),
    ];

    /// <summary>
    /// W_eW_eᵀ − (W_NW_Nᵀ)^N and W_eᵀW_e − (W_1ᵀW_1)^N as explicit combinations of the C_j (general symbolic layers):
    /// peeling one layer at a time with W_jW_jᵀ = W_{j+1}ᵀW_{j+1} − C_j.
    /// </summary>
    private static IdentityInstance GramIdentity(int d, int n) =>
        new($"W_eW_eᵀ = (W_NW_Nᵀ)^N + (terms in C_j) and W_eᵀW_e = (W_1ᵀW_1)^N + (terms in C_j), general layers, d={d}, N={n}", () =>
        {
            var mf = new M(n, d);
            return M.Residuals("W_eW_eᵀ − ((W_NW_Nᵀ)^N − E_N)", LeftResidual(mf, n, d)).Concat(M.Residuals("W_eᵀW_e − ((W_1ᵀW_1)^N − E'_N)", RightResidual(mf, n, d)));
        }, "entries");

    /// <summary>W_eW_eᵀ − ((W_NW_Nᵀ)^N − E_N) with the remainder E_N built from the C_j (exact identity; E_N = 0 when balanced).</summary>
    private static Expr[,] LeftResidual(M mf, int n, int d)
    {
        // Induction on j: P_j := W_{j:1}W_{j:1}ᵀ = (W_jW_jᵀ)^j − E_j with E_1 = 0. Since P_{j+1} = W_{j+1}P_jW_{j+1}ᵀ,
        // W_jW_jᵀ = T − C_j with T = W_{j+1}ᵀW_{j+1}, and W_{j+1}T^jW_{j+1}ᵀ = (W_{j+1}W_{j+1}ᵀ)^{j+1}:
        // E_{j+1} = W_{j+1}[T^j − (T − C_j)^j + E_j]W_{j+1}ᵀ, which vanishes when every C_j = 0.
        var e = Zero(d);
        for (int j = 1; j < n; j++)
        {
            var next = mf.Layer(j + 1);
            var top = M.Multiply(M.Transpose(next), next);
            var inner = M.Add(M.Subtract(Power(top, j), Power(M.Subtract(top, mf.Balancedness(j)), j)), e);
            e = M.Multiply(M.Multiply(next, inner), M.Transpose(next));
        }
        var end = mf.End;
        var last = mf.Layer(n);
        return M.Subtract(M.Multiply(end, M.Transpose(end)), M.Subtract(Power(M.Multiply(last, M.Transpose(last)), n), e));
    }

    /// <summary>The mirror identity for W_eᵀW_e with (W_1ᵀW_1)^N, peeling from the top with W_{j+1}ᵀW_{j+1} = W_jW_jᵀ + C_j.</summary>
    private static Expr[,] RightResidual(M mf, int n, int d)
    {
        var e = Zero(d);
        for (int j = n - 1; j >= 1; j--)
        {
            var prev = mf.Layer(j);
            var bottom = M.Multiply(prev, M.Transpose(prev));
            int power = n - j;
            var inner = M.Add(M.Subtract(Power(bottom, power), Power(M.Add(bottom, mf.Balancedness(j)), power)), e);
            e = M.Multiply(M.Multiply(M.Transpose(prev), inner), prev);
        }
        var end = mf.End;
        var first = mf.Layer(1);
        return M.Subtract(M.Multiply(M.Transpose(end), end), M.Subtract(Power(M.Multiply(M.Transpose(first), first), n), e));
    }

    /// <summary>‖W_{j+1}‖_F² − ‖W_j‖_F² ≡ tr C_j for general symbolic layers (equal norms at balanced points).</summary>
    private static IdentityInstance FrobeniusIdentity(int d, int n) =>
        new($"‖W_(j+1)‖_F² − ‖W_j‖_F² ≡ tr C_j for all j, general layers, d={d}, N={n}", () =>
        {
            var mf = new M(n, d);
            return Enumerable.Range(1, n - 1).Select(j =>
            {
                var c = mf.Balancedness(j);
                return new IdentityResidual($"‖W_{j + 1}‖² − ‖W_{j}‖² − tr C_{j}",
                    SquaredNorm(mf.Layer(j + 1)) - SquaredNorm(mf.Layer(j)) - Expr.Add(Enumerable.Range(0, d).Select(i => c[i, i])));
            });
        }, "layer pairs");

    /// <summary>The SVD construction with symbolic a_r &gt; 0 and rational orthogonal U, V (theory.md MF-1 check (b)).</summary>
    private static IdentityInstance Construction(int d, int n) =>
        new($"SVD construction W_1 = AVᵀ, W_j = A, W_N = UA (A = diag(a_1…a_{d}) symbolic, U, V rational orthogonal), N={n}: C_j ≡ 0, W_e ≡ U diag(a^N) Vᵀ, W_jW_jᵀ ≡ Q diag(a²) Qᵀ with Q ∈ {{I, U}}, ‖W_j‖² ≡ Σ a²", () =>
        {
            var a = Enumerable.Range(1, d).Select(r => (Expr)Expr.Sym($"a{r}", Symbolic.Assumptions.Positive)).ToArray();
            var diag = Diagonal(a);
            var (u, v) = (Orthogonal(d, 0), Orthogonal(d, 1));
            var layers = new Expr[n + 1][,];
            layers[1] = M.Multiply(diag, M.Transpose(v));
            for (int j = 2; j < n; j++) layers[j] = diag;
            layers[n] = M.Multiply(u, diag);
            var residuals = new List<IdentityResidual>();
            residuals.AddRange(M.Residuals("UUᵀ − I", M.Subtract(M.Multiply(u, M.Transpose(u)), Identity(d))));
            residuals.AddRange(M.Residuals("VVᵀ − I", M.Subtract(M.Multiply(v, M.Transpose(v)), Identity(d))));
            for (int j = 1; j < n; j++) residuals.AddRange(M.Residuals($"C_{j}", M.Balancedness(layers[j + 1], layers[j])));
            var end = layers[1];
            for (int j = 2; j <= n; j++) end = M.Multiply(layers[j], end);
            var expected = M.Multiply(M.Multiply(u, Diagonal(a.Select(x => Expr.Pow(x, n)).ToArray())), M.Transpose(v));
            residuals.AddRange(M.Residuals("W_e − U diag(a^N) Vᵀ", M.Subtract(end, expected)));
            var squares = Diagonal(a.Select(x => x * x).ToArray());
            for (int j = 1; j <= n; j++)
            {
                var q = j == n ? u : Identity(d);
                var gram = M.Multiply(layers[j], M.Transpose(layers[j]));
                residuals.AddRange(M.Residuals($"W_{j}W_{j}ᵀ − Q diag(a²) Qᵀ", M.Subtract(gram, M.Multiply(M.Multiply(q, squares), M.Transpose(q)))));
                residuals.Add(new IdentityResidual($"‖W_{j}‖² − Σa²", SquaredNorm(layers[j]) - Expr.Add(a.Select(x => x * x))));
            }
            return residuals;
        }, "entries (orthogonality, balancedness, product, Gram matrices, norms)");

    private static Expr SquaredNorm(Expr[,] a)
    {
        var terms = new List<Expr>();
        foreach (var x in a) terms.Add(x * x);
        return Expr.Add(terms);
    }

    private static Expr[,] Power(Expr[,] a, int k)
    {
        var result = Identity(a.GetLength(0));
        for (int i = 0; i < k; i++) result = M.Multiply(result, a);
        return result;
    }

    private static Expr[,] Zero(int d) => M.Map(new Expr[d, d], _ => Expr.Zero);

    private static Expr[,] Identity(int d)
    {
        var m = Zero(d);
        for (int i = 0; i < d; i++) m[i, i] = Expr.One;
        return m;
    }

    private static Expr[,] Diagonal(Expr[] a)
    {
        var m = Zero(a.Length);
        for (int i = 0; i < a.Length; i++) m[i, i] = a[i];
        return m;
    }

    /// <summary>Rational orthogonal matrices from Pythagorean triples (3,4,5), (5,12,13), (8,15,17).</summary>
    private static Expr[,] Orthogonal(int d, int which)
    {
        Expr[,] Rotation(int i, int k, long p, long q, long h)
        {
            var r = Identity(d);
            r[i, i] = Expr.Num(p, h);
            r[k, k] = Expr.Num(p, h);
            r[i, k] = Expr.Num(-q, h);
            r[k, i] = Expr.Num(q, h);
            return r;
        }
        if (d == 1) return Identity(1);
        var first = which == 0 ? Rotation(0, 1, 3, 4, 5) : Rotation(0, 1, 5, 12, 13);
        return d == 2 ? first : M.Multiply(first, which == 0 ? Rotation(1, 2, 8, 15, 17) : Rotation(0, 2, 3, 4, 5));
    }
}
