using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>
/// theory.md HTF-C1: under gradient flow, for every interior node ν and r ∈ [R_ν], the squared norms of the K_ν
/// vectors of local component (ν, r) — columns r of the children's matrices and row r of W^(ν) — move at the
/// same rate, so their differences are conserved. Checked as exact polynomial identities with a free symbolic
/// gradient tensor on the order-4 binary tree and the order-3 tree ((0,1),2), D = 2, widths 2.
/// </summary>
public sealed class HTFC1_Conservation : Claim
{
    public override string Id => "HTF-C1";
    public override string Title => "Squared-norm differences within each local component are conserved (HTF)";
    public override Citation Citation => new(Paper.RMC22, "Lemma (conservation), §6.1 local components", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "d/dt(‖a‖² − ‖b‖²) = 0 for any two vectors a, b of a local component (ν, r) under gradient flow",
        @"\frac{d}{dt}\Big(\|W^{(c)}_{:,r}\|^2-\|W^{(\nu)}_{r,:}\|^2\Big)=\frac{d}{dt}\Big(\|W^{(c)}_{:,r}\|^2-\|W^{(c')}_{:,r}\|^2\Big)=0\quad\forall\nu,\ r,\ c,c'\in C(\nu)");

    public override IReadOnlyList<string> Assumptions => ["gradient flow θ̇ = −∇φ(θ)", "any differentiable loss ℒ_H of the end tensor", "any initialization"];

    public static readonly (string Tree, int D, int Width)[] Sizes = [("((0,1),(2,3))", 2, 2), ("((0,1),2)", 2, 2)];

    public override IReadOnlyList<IdentityInstance> Identities =>
        Sizes.Select(s => Identity(s.Tree, s.D, s.Width)).ToArray();

    /// <summary>(node label, r, a, b, residual) for every pair of vectors of every local component.</summary>
    public static IReadOnlyList<(string Node, int R, int A, int B, Polynomial Residual)> Residuals(SymbolicHtf htf, IReadOnlyDictionary<Symbol, Expr>? velocities = null)
    {
        var result = new List<(string, int, int, int, Polynomial)>();
        foreach (int v in htf.InteriorNodes)
            for (int r = 0; r < htf.Width(v); r++)
            {
                var rates = htf.LocalComponentRates(v, r, velocities);
                for (int a = 0; a < rates.Count; a++)
                    for (int b = a + 1; b < rates.Count; b++) result.Add((htf.Label(v), r, a, b, rates[a] - rates[b]));
            }
        return result;
    }

    private static IdentityInstance Identity(string tree, int d, int width) =>
        new($"d/dt(‖a‖² − ‖b‖²) ≡ 0 for all local components, tree {tree}, D={d}, R_ν={width}, free symbolic ∇ℒ", () =>
        {
            var htf = new SymbolicHtf(tree, d, width);
            return htf.InteriorNodes.SelectMany(v => Enumerable.Range(0, htf.Width(v)).SelectMany(r =>
            {
                var rates = htf.LocalComponentRateExprs(v, r);
                return Enumerable.Range(0, rates.Count).SelectMany(a => Enumerable.Range(a + 1, rates.Count - a - 1).Select(b =>
                    new IdentityResidual($"node {htf.Label(v)}, r={r + 1}, vectors {a + 1},{b + 1}", rates[a] - rates[b])));
            }));
        }, "pairs");
}
