using ImplicitReg.Theory.Symbolic;
using M = ImplicitReg.Theory.Claims.MatrixFactorization.SymbolicDeepMatrixFactorization;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// theory.md MF-C2: one GD step W_j ← W_j − η g_j (g_j = ∂φ/∂W_j) changes C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ by
/// exactly η²(g_{j+1}ᵀg_{j+1} − g_jg_jᵀ): the first-order terms cancel because W_{j+1}ᵀg_{j+1} = g_jW_jᵀ
/// (both equal W_{N:j+1}ᵀ G W_{j:1}ᵀ). Checked with a symbolic step η and the gradients derived from a free
/// symbolic ∇ℓ = G (for arbitrary free g_j the first-order terms would not cancel: the identity needs g_j to be
/// the gradients of one loss of the end matrix).
/// </summary>
public sealed class MFC2_OneStepBalancednessDrift : Claim
{
    public static readonly Symbol Eta = Expr.Sym("eta", Symbolic.Assumptions.Positive);

    public override string Id => "MF-C2";
    public override string Title => "One GD step changes C_j by exactly η²(g_{j+1}ᵀg_{j+1} − g_jg_jᵀ)";
    public override Citation Citation => new(Paper.ACH18, "discrete-time balancedness (theory.md §1.2)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "C_j(W − ηg) − C_j(W) = η²(g_{j+1}ᵀg_{j+1} − g_jg_jᵀ), g_j = ∂φ/∂W_j",
        @"C_j^{(k+1)}-C_j^{(k)}=\eta^2\big(g_{j+1}^\top g_{j+1}-g_jg_j^\top\big),\quad g_j=\nabla_{W_j}\phi(W_1^{(k)},\dots,W_N^{(k)})");

    public override IReadOnlyList<string> Assumptions =>
        ["one gradient-descent step with step size η on every layer", "φ = ℓ(W_N⋯W_1), any differentiable ℓ", "any point (no balancedness needed)"];

    public static readonly (int D, int N)[] Sizes = [(2, 2), (2, 3)];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        .. Sizes.Select(s => FirstOrderCancellation(s.D, s.N)),
        .. Sizes.Select(s => OneStep(s.D, s.N)),
    ];

    private static IdentityInstance FirstOrderCancellation(int d, int n) =>
        new($"W_(j+1)ᵀg_(j+1) ≡ g_jW_jᵀ for all j (the O(η) terms cancel), d={d}, N={n}, free symbolic ∇ℓ", () =>
        {
            var mf = new M(n, d);
            return Enumerable.Range(1, n - 1).SelectMany(j => M.Residuals($"W_{j + 1}ᵀg_{j + 1} − g_{j}W_{j}ᵀ",
                M.Subtract(M.Multiply(M.Transpose(mf.Layer(j + 1)), mf.LayerGradient(j + 1)), M.Multiply(mf.LayerGradient(j), M.Transpose(mf.Layer(j))))));
        }, "entries");

    private static IdentityInstance OneStep(int d, int n) =>
        new($"C_j(W − ηg) − C_j(W) − η²(g_(j+1)ᵀg_(j+1) − g_jg_jᵀ) ≡ 0 for all j, d={d}, N={n}, symbolic η and ∇ℓ", () =>
        {
            var mf = new M(n, d);
            return Enumerable.Range(1, n - 1).SelectMany(j =>
            {
                var gNext = mf.LayerGradient(j + 1);
                var g = mf.LayerGradient(j);
                var after = M.Balancedness(M.Subtract(mf.Layer(j + 1), M.Scale(Eta, gNext)), M.Subtract(mf.Layer(j), M.Scale(Eta, g)));
                var predicted = M.Scale(Expr.Pow(Eta, Expr.Two), M.Balancedness(gNext, g));
                return M.Residuals($"ΔC_{j} − η²(g_{j + 1}ᵀg_{j + 1} − g_{j}g_{j}ᵀ)", M.Subtract(M.Subtract(after, mf.Balancedness(j)), predicted));
            });
        }, "entries (polynomials in η, W, G)");
}
