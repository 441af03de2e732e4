using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>
/// theory.md HTF-C2: one GD step θ ← θ − η∇φ changes ‖a‖² − ‖b‖² (a, b vectors of one local component) by exactly
/// η²(‖g_a‖² − ‖g_b‖²). Exact polynomial identity with symbolic η and a free symbolic gradient tensor on the
/// order-3 tree ((0,1),2), D = 2, widths 2.
/// </summary>
public sealed class HTFC2_OneStepIdentity : Claim
{
    public static readonly Symbol Eta = Expr.Sym("eta", SymbolAssumptions.Positive);

    public override string Id => "HTF-C2";
    public override string Title => "One GD step moves local-component squared-norm differences by exactly η²(‖g_a‖² − ‖g_b‖²)";
    public override Citation Citation => new(Paper.RMC22, "conservation lemma, discrete-time counterpart (theory.md §1 GD-vs-GF law)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "Δ(‖a‖² − ‖b‖²) = η²(‖g_a‖² − ‖g_b‖²) for one step θ ← θ − η∇φ, a, b in one local component",
        @"\Delta\big(\|a\|^2-\|b\|^2\big)=\eta^2\big(\|g_a\|^2-\|g_b\|^2\big)");

    public override IReadOnlyList<string> Assumptions => ["one step with a scalar step size η (GD or GroupRMSprop's η_k)", "any differentiable loss", "any point θ"];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        new("Δ(‖a‖² − ‖b‖²) − η²(‖g_a‖² − ‖g_b‖²) ≡ 0 for all local components, tree ((0,1),2), D=2, R_ν=2, free symbolic ∇ℒ, symbolic η", () =>
        {
            var htf = new SymbolicHtf("((0,1),2)", 2, 2);
            var step = htf.Velocities.ToDictionary(kv => kv.Key, kv => (Expr)kv.Key + Eta * kv.Value);
            return htf.InteriorNodes.SelectMany(v => Enumerable.Range(0, htf.Width(v)).SelectMany(r =>
            {
                var vectors = htf.LocalComponent(v, r);
                return Enumerable.Range(0, vectors.Count).SelectMany(a => Enumerable.Range(a + 1, vectors.Count - a - 1).Select(b =>
                {
                    var difference = SymbolicHtf.SquaredNorm(vectors[a]) - SymbolicHtf.SquaredNorm(vectors[b]);
                    var change = Substitution.Substitute(difference, step) - difference;
                    var gap = Expr.Add(vectors[a].Select(w => Expr.Pow(htf.Velocities[w], Expr.Two)))
                        - Expr.Add(vectors[b].Select(w => Expr.Pow(htf.Velocities[w], Expr.Two)));
                    return new IdentityResidual($"node {htf.Label(v)}, r={r + 1}, vectors {a + 1},{b + 1}", change - Expr.Pow(Eta, Expr.Two) * gap);
                }));
            }));
        }, "pairs"),
    ];
}
