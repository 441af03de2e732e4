using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>
/// theory.md HTF-R (§6.2, from the official trainer input_grad_change_regularization_trainer.py L131–216): the
/// locality regularizer 𝓡 = (1/B) Σ_b |cos(∇_{x_I} f(x_b), ∇_{x_I} f(x_b^{J←x_{b+1}}))|, added as λ𝓡 to the loss.
/// What is checked: 0 ≤ 𝓡 ≤ 1 (Cauchy–Schwarz with Lagrange's remainder, exact); 𝓡 = 1 when f is separable across
/// a partition separating I from J (the two patch gradients are parallel: every 2×2 minor vanishes, exact at fixed
/// sizes), so minimizing 𝓡 pushes away from separability (high hierarchical rank, HTF-7); and the implementation
/// (value, ∂𝓡/∂𝒲, ∂𝓡/∂θ) against finite differences and a PyTorch transcription of the official code.
/// </summary>
public sealed class HTFR_LocalityRegularizer : Claim
{
    public override string Id => "HTF-R";
    public override string Title => "Locality regularizer: 𝓡 = mean |cos| of patch gradients before/after swapping patch J; 𝓡 ∈ [0, 1], = 1 for separable f";
    public override Citation Citation => new(Paper.RMC22, "§5 locality regularizer; code input_grad_change_regularization_trainer.py L131–216", Confidence.Code);

    public override Statement Statement => new(
        "𝓡 = (1/B)Σ_b |cos(∇_{x_I}f(x_b), ∇_{x_I}f(x_b^{J←x_{b+1}}))| ∈ [0, 1]; 𝓡 = 1 when f is separable across (I, J); loss ℓ + λ𝓡",
        @"\mathcal R=\frac1B\sum_{b=1}^B\Big|\cos\big(\nabla_{x_I}f(x_b),\nabla_{x_I}f(x_b^{J\leftarrow x_{b+1}})\big)\Big|\in[0,1],\quad f(x)=g(x_{\nu})h(x_{\nu^c}),\ I\subseteq\nu,\ J\subseteq\nu^c\ \Rightarrow\ \mathcal R=1");

    public override IReadOnlyList<string> Assumptions =>
    [
        "patches I, J disjoint; x_b^{J←x_{b+1}} takes patch J from the next sample (cyclic), as the official shuffle_patch_func",
        "patch gradients non-zero (their directions defined)",
        "𝓡 = 1: f(x) = g(x_ν)h(x_νᶜ) with I ⊆ ν, J ⊆ νᶜ (e.g. one local component at a node whose children split I from J)",
    ];

    private static readonly Symbol[] U = [.. Enumerable.Range(1, 3).Select(i => Expr.Sym($"u_{i}"))];
    private static readonly Symbol[] V = [.. Enumerable.Range(1, 3).Select(i => Expr.Sym($"v_{i}"))];

    public override IReadOnlyList<DerivationStep> Derivation =>
    [
        new("Lagrange's identity (D = 3): ‖u‖²‖v‖² − ⟨u, v⟩² is the sum of the squared 2×2 minors, so cos² ≤ 1 (0 ≤ 𝓡 ≤ 1), with |cos| = 1 exactly when every minor u_iv_j − u_jv_i vanishes:",
            Expr.Add(U.Select(u => Expr.Pow(u, Expr.Two))) * Expr.Add(V.Select(v => Expr.Pow(v, Expr.Two))) - Expr.Pow(Expr.Add(U.Zip(V, (u, v) => (Expr)u * v)), Expr.Two),
            Expr.Add(Pairs(3).Select(p => Expr.Pow(U[p.I] * V[p.J] - U[p.J] * V[p.I], Expr.Two))),
            "expansion"),
    ];

    private static IEnumerable<(int I, int J)> Pairs(int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) yield return (i, j);
    }

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        Parallel("rank-one CP network 𝒲 = a ⊗ b ⊗ c", [2, 2, 2], RankOne, [0], [2]),
        Parallel("𝒲 = A ⊗ B (⟦𝒲⟧_{0,1} of rank one, A, B general 2×2)", [2, 2, 2, 2], Kron, [0], [2]),
        Parallel("𝒲 = A ⊗ B (⟦𝒲⟧_{0,1} of rank one, A, B general 2×2)", [2, 2, 2, 2], Kron, [0, 1], [2, 3]),
    ];

    /// <summary>Entry idx of a rank-one CP tensor with symbolic factors w{n}_{i}.</summary>
    private static Expr RankOne(int[] idx) => Expr.Multiply(idx.Select((i, n) => (Expr)Expr.Sym($"w{n + 1}_{i + 1}")));

    /// <summary>Entry idx of A ⊗ B, A over modes 0, 1 and B over modes 2, 3, with symbolic entries.</summary>
    private static Expr Kron(int[] idx) => Expr.Sym($"A_{idx[0] + 1}_{idx[1] + 1}") * Expr.Sym($"B_{idx[2] + 1}_{idx[3] + 1}");

    /// <summary>
    /// Every 2×2 minor of (∇_{x_I} f(x), ∇_{x_I} f(x^{J←y})) for f(x) = ⟨𝒲, ⊗_n x^n⟩ with symbolic inputs x, y:
    /// zero minors mean parallel patch gradients, |cos| = 1, 𝓡 = 1.
    /// </summary>
    private static IdentityInstance Parallel(string what, int[] dims, Func<int[], Expr> entry, int[] patchI, int[] patchJ) =>
        new($"∇_{{x_I}}f(x) ∥ ∇_{{x_I}}f(x^{{J←y}}) (every 2×2 minor ≡ 0), {what}, I = {{{string.Join(",", patchI)}}}, J = {{{string.Join(",", patchJ)}}}, symbolic x, y", () =>
        {
            var x = dims.Select((d, n) => Enumerable.Range(0, d).Select(i => Expr.Sym($"x{n + 1}_{i + 1}")).ToArray()).ToArray();
            var swap = patchJ.SelectMany(n => x[n].Select((s, i) => (s, (Expr)Expr.Sym($"y{n + 1}_{i + 1}")))).ToDictionary(p => p.s, p => p.Item2);
            var f = Expr.Add(Indices(dims).Select(idx => Expr.Multiply([entry(idx), .. idx.Select((i, n) => (Expr)x[n][i])])));
            var g = patchI.SelectMany(n => x[n]).Select(s => Differentiation.Differentiate(f, s)).ToArray();
            var gSwapped = g.Select(e => Substitution.Substitute(e, swap)).ToArray();
            return Pairs(g.Length).Select(p => new IdentityResidual($"minor ({p.I + 1},{p.J + 1})", g[p.I] * gSwapped[p.J] - g[p.J] * gSwapped[p.I]));
        }, "2×2 minors");

    private static IEnumerable<int[]> Indices(int[] dims)
    {
        var idx = new int[dims.Length];
        while (true)
        {
            yield return (int[])idx.Clone();
            int n = dims.Length - 1;
            while (n >= 0 && ++idx[n] == dims[n]) idx[n--] = 0;
            if (n < 0) yield break;
        }
    }
}
