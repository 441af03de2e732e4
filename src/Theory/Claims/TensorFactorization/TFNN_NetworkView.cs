using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>theory.md TF-NN: f(x¹..x^N) = Σ_r Π_n ⟨w_r^n, x^n⟩ = ⟨𝒲_e, ⊗_n x^n⟩ (shallow convolutional arithmetic circuit).</summary>
public sealed class TFNN_NetworkView : Claim
{
    public override string Id => "TF-NN";
    public override string Title => "A CP factorization is a shallow arithmetic circuit: Σ_r Π_n ⟨w_r^n, x^n⟩ = ⟨𝒲_e, ⊗x^n⟩";
    public override Citation Citation => new(Paper.RMC21, "neural-network view", Confidence.Blog);

    public override Statement Statement => new(
        "f(x¹..x^N) = Σ_r Π_n ⟨w_r^n, x^n⟩ = ⟨𝒲_e, ⊗_n x^n⟩",
        @"f(\mathbf x^1,\dots,\mathbf x^N)=\sum_{r=1}^R\prod_{n=1}^N\langle\mathbf w_r^n,\mathbf x^n\rangle=\Big\langle\mathcal W_e,\bigotimes_n\mathbf x^n\Big\rangle");

    public override IReadOnlyList<string> Assumptions => ["any parameters and inputs"];

    private static readonly (int N, int D, int R)[] Sizes = [(2, 3, 2), (3, 2, 2), (4, 2, 1)];

    public override IReadOnlyList<IdentityInstance> Identities => Sizes.Select(s => new IdentityInstance(
        $"Σ_r Π_n ⟨w_r^n, x^n⟩ ≡ ⟨𝒲_e, ⊗x^n⟩, N={s.N}, D={s.D}, R={s.R}, symbolic w and x", () =>
        {
            var cp = SymbolicCpFactorization.WithFreeGradient(s.N, s.D, s.R);
            var x = Enumerable.Range(0, s.N).Select(n => Enumerable.Range(0, s.D).Select(i => (Expr)Expr.Sym($"x{n + 1}_{i + 1}")).ToArray()).ToArray();
            var network = Expr.Add(Enumerable.Range(0, s.R).Select(r => Expr.Multiply(Enumerable.Range(0, s.N).Select(n =>
                Expr.Add(Enumerable.Range(0, s.D).Select(i => cp.Factor(r, n, i) * x[n][i]))))));
            var inner = Expr.Add(cp.Indices.Select((idx, k) => Expr.Multiply([cp.Entries[k], .. idx.Select((i, n) => x[n][i])])));
            return [new IdentityResidual("f(x) − ⟨𝒲_e, ⊗x^n⟩", network - inner)];
        }, "network outputs")).ToArray();
}
