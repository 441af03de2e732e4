using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// theory.md TF-C2: one gradient-descent step w ← w − ηg changes ‖w_r^n‖² − ‖w_r^{n'}‖² by exactly
/// η²(‖g_r^n‖² − ‖g_r^{n'}‖²) — the first-order terms −2η⟨w_r^n, g_r^n⟩ are the same for every n (TF-C1).
/// Checked as an exact polynomial identity with a symbolic step size η and a free symbolic gradient tensor
/// (g_r^n = ∇ℒ·Π_{m≠n} w_r^m, the gradient vectors derived from the model). The step size is any scalar, so
/// the identity holds for GroupRMSprop's η_k as well.
/// </summary>
public sealed class TFC2_OneStepIdentity : Claim
{
    public static readonly Symbol Eta = Expr.Sym("eta", SymbolAssumptions.Positive);

    public override string Id => "TF-C2";
    public override string Title => "One GD step moves squared factor-norm differences by exactly η²(‖g_r^n‖² − ‖g_r^n'‖²)";
    public override Citation Citation => new(Paper.RMC21, "Lemma (conservation), discrete-time counterpart (theory.md §1 GD-vs-GF law)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "Δ(‖w_r^n‖² − ‖w_r^n'‖²) = η²(‖g_r^n‖² − ‖g_r^n'‖²) for one step w ← w − ηg (any scalar η, e.g. GroupRMSprop's η_k)",
        @"\Delta\Big(\|\mathbf w_r^n\|^2-\|\mathbf w_r^{n'}\|^2\Big)=\eta^2\Big(\|\mathbf g_r^n\|^2-\|\mathbf g_r^{n'}\|^2\Big),\quad \mathbf g_r^n=\nabla_{\mathbf w_r^n}\phi");

    public override IReadOnlyList<string> Assumptions =>
        ["one step θ ← θ − η∇φ(θ) with a scalar step η (GD, or GroupRMSprop's η_k)", "any differentiable loss ℒ of the end tensor", "any point θ"];

    private static readonly (int N, int D, int R)[] Sizes = [(3, 2, 1), (3, 2, 2), (2, 3, 2)];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        .. Sizes.Select(s => Identity(SymbolicCpFactorization.WithFreeGradient(s.N, s.D, s.R), $"N={s.N}, D={s.D}, R={s.R}, free symbolic ∇ℒ, symbolic η")),
        Identity(SymbolicCpFactorization.WithSquaredLoss(2, 2, 2), "N=2, D=2, R=2, ∇ of ½‖𝒲 − 𝒴‖² with symbolic 𝒴, symbolic η"),
    ];

    /// <summary>For every r and n &lt; n': Δ(‖w_r^n‖² − ‖w_r^n'‖²) − η²(‖g_r^n‖² − ‖g_r^n'‖²) as an expression (must be zero).</summary>
    public static IEnumerable<IdentityResidual> Residuals(SymbolicCpFactorization cp)
    {
        // g = −ẇ (the velocities are −∇φ); the step is w ← w − ηg = w + η ẇ.
        var step = cp.Velocities.ToDictionary(kv => kv.Key, kv => (Expr)kv.Key + Eta * kv.Value);
        for (int r = 0; r < cp.Rank; r++)
            for (int n = 0; n < cp.Order; n++)
                for (int m = n + 1; m < cp.Order; m++)
                {
                    var difference = cp.SquaredNorm(r, n) - cp.SquaredNorm(r, m);
                    var change = Substitution.Substitute(difference, step) - difference;
                    var gradientGap = Expr.Add(cp.Vector(r, n).Select(w => Expr.Pow(cp.Velocities[w], Expr.Two)))
                        - Expr.Add(cp.Vector(r, m).Select(w => Expr.Pow(cp.Velocities[w], Expr.Two)));
                    yield return new IdentityResidual($"r={r + 1}, n={n + 1}, n'={m + 1}", change - Expr.Pow(Eta, Expr.Two) * gradientGap);
                }
    }

    private static IdentityInstance Identity(SymbolicCpFactorization cp, string text) =>
        new($"Δ(‖w_r^n‖² − ‖w_r^n'‖²) − η²(‖g_r^n‖² − ‖g_r^n'‖²) ≡ 0, {text}", () => Residuals(cp), "pairs");

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            // One vector, D = 2, free symbols: ‖w − ηg‖² − ‖w‖² = −2η⟨w, g⟩ + η²‖g‖².
            Symbol w1 = Expr.Sym("w_1"), w2 = Expr.Sym("w_2"), g1 = Expr.Sym("g_1"), g2 = Expr.Sym("g_2");
            Expr after = Expr.Pow(w1 - Eta * g1, Expr.Two) + Expr.Pow(w2 - Eta * g2, Expr.Two);
            Expr before = Expr.Pow(w1, Expr.Two) + Expr.Pow(w2, Expr.Two);
            return
            [
                new("A step on one vector (free symbols, D = 2) moves its squared norm by −2η⟨w, g⟩ + η²‖g‖²; the first-order term ⟨w_r^n, g_r^n⟩ = ⟨∇ℒ, ⊗_m w_r^m⟩ is the same for every n (TF-C1), so it cancels in the difference (identities above):",
                    after - before, -Expr.Two * Eta * (w1 * g1 + w2 * g2) + Expr.Pow(Eta, Expr.Two) * (Expr.Pow(g1, Expr.Two) + Expr.Pow(g2, Expr.Two)),
                    "expansion of the square"),
            ];
        }
    }
}
