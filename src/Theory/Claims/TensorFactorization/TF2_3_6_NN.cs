using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// RMC21 Thm 1, unbalanced case (theory.md TF-2): with P = σ_T^(r) &gt; 0 and ε the unbalancedness,
/// γ ≥ 0: Nγ P²/(P^{2/N} + ε) ≤ dP/dt ≤ Nγ (P^{2/N} + ε)^{N−1}; γ &lt; 0: the same with the bounds swapped.
/// </summary>
public sealed class TF2_UnbalancedBounds : Claim
{
    public static readonly Symbol P = Expr.Sym("P", SymbolAssumptions.Positive);
    public static readonly Symbol Gamma = Expr.Sym("gamma");

    public override string Id => "TF-2";
    public override string Title => "Unbalanced component norms move between Nγ·P²/(P^(2/N)+ε) and Nγ·(P^(2/N)+ε)^(N−1)";
    public override Citation Citation => new(Paper.RMC21, "Thm 1 (general ε)", Confidence.Recalled);

    public override Statement Statement => new(
        "γ ≥ 0: NγP²/(P^(2/N)+ε) ≤ dP/dt ≤ Nγ(P^(2/N)+ε)^(N−1); γ < 0: Nγ(P^(2/N)+ε)^(N−1) ≤ dP/dt ≤ NγP²/(P^(2/N)+ε)",
        @"\gamma_r\ge0:\ N\gamma_r\frac{P^2}{P^{2/N}+\epsilon}\le\frac{dP}{dt}\le N\gamma_r\big(P^{2/N}+\epsilon\big)^{N-1};\quad \gamma_r<0:\ \text{bounds swapped}");

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "ε = max_r max_{n,n'} |‖w_r^n(0)‖² − ‖w_r^{n'}(0)‖²| (conserved by TF-C1)", "P = σ_T^(r)(t) > 0"];

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            // N = 3 with a_n = ‖w_r^n‖², P² = a₁a₂a₃ and ȧ_n = 2Pγ (TF-1's identities).
            Symbol a1 = Expr.Sym("a_1", SymbolAssumptions.Positive), a2 = Expr.Sym("a_2", SymbolAssumptions.Positive), a3 = Expr.Sym("a_3", SymbolAssumptions.Positive);
            var rate = Expr.Two * P * Gamma;
            var rates = new Dictionary<Symbol, Expr> { [a1] = rate, [a2] = rate, [a3] = rate };
            Symbol pDot = Differentiation.RateSymbol(P);
            var sum = a2 * a3 + a1 * a3 + a1 * a2;
            return
            [
                new("N = 3: with a_n = ‖w_r^n‖², P² = a₁a₂a₃ and ȧ_n = 2Pγ for every n (TF-1's identities), d(P²)/dt = 2Pγ Σ_n Π_{m≠n} a_m:",
                    Differentiation.TimeDerivative(a1 * a2 * a3, rates), Expr.Two * P * Gamma * sum, "product rule (Differentiation.TimeDerivative)"),
                new("so Ṗ = γ Σ_n Π_{m≠n} a_m (= γP² Σ_n a_n⁻¹). The two bounds follow from a_min ≤ P^{2/N} ≤ a_max ≤ a_min + ε: Σ_n Π_{m≠n} a_m ∈ [N P²/a_max, N a_max^{N−1}] — inequalities, checked numerically (the symbolic core has no inequality prover):",
                    Expr.Two * P * pDot, Expr.Two * P * Gamma * sum, "d(P²)/dt = 2PṖ", new Dictionary<Symbol, Expr> { [pDot] = Gamma * sum }),
            ];
        }
    }
}

/// <summary>theory.md TF-3: if at least two vectors of component r are zero at t₀, the component stays zero.</summary>
public sealed class TF3_ZeroStaysZero : Claim
{
    public override string Id => "TF-3";
    public override string Title => "Zero components stay zero";
    public override Citation Citation => new(Paper.RMC21, "Thm 1 consequence (theory.md TF-3)", Confidence.Inferred);

    public override Statement Statement => new(
        "If at t₀ at least two of w_r^1..w_r^N are 0, component r is frozen (σ_T^(r)(t) = 0 for t ≥ t₀); under ε = 0, σ_T^(r)(t₀) = 0 ⇒ σ_T^(r) ≡ 0",
        @"\#\{n:\mathbf w_r^n(t_0)=0\}\ge2\ \Rightarrow\ \sigma_T^{(r)}(t)=0\ \ \forall t\ge t_0");

    public override IReadOnlyList<string> Assumptions => ["gradient flow or GD", "at least two zero vectors in component r (under balance, σ = 0 means all are zero)"];

    public override string? NoSymbolicCheckBecause =>
        "a statement about trajectories: each ẇ_r^n = −∇ℒ·Π_{m≠n} w_r^m contains a zero factor; checked numerically — exact zeros stay exactly zero under GD, and a single zero vector revives (control).";
}

/// <summary>theory.md TF-6: rank(𝒲_e) ≤ #{r : σ_T^(r) &gt; 0}, checked through matricization ranks (each ≤ tensor rank).</summary>
public sealed class TF6_RankBound : Claim
{
    public override string Id => "TF-6";
    public override string Title => "Tensor rank is at most the number of non-zero components";
    public override Citation Citation => new(Paper.RMC21, "§5.1 (rank bound, trivial)", Confidence.Inferred);

    public override Statement Statement => new(
        "rank(𝒲_e) ≤ |{r : σ_T^(r) > 0}|; in particular every matricization rank is at most that count",
        @"\mathrm{rank}(\mathcal W_e)\le\big|\{r:\sigma_T^{(r)}>0\}\big|,\qquad \mathrm{rank}⟦\mathcal W_e⟧_I\le\mathrm{rank}(\mathcal W_e)");

    public override IReadOnlyList<string> Assumptions => ["any parameters"];

    public override string? NoSymbolicCheckBecause =>
        "a rank inequality (CP rank is not computable exactly); checked numerically through matricization ranks (lower bounds of the CP rank) at points with zeroed components (theory.md §8.0: property).";
}

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
            var residual = Polynomial.FromExpr(network - inner);
            return (residual.IsZero, $"{Polynomial.FromExpr(inner).TermCount} monomials, residual {(residual.IsZero ? "0" : residual.ToString())}");
        })).ToArray();
}
