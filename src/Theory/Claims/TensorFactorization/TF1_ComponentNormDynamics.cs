using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.TensorFactorization;

/// <summary>
/// RMC21 Thm 1, balanced case (theory.md TF-1): with ε = 0, d/dt‖⊗_n w_r^n‖ = N‖⊗_n w_r^n‖^{2−2/N} γ_r,
/// γ_r = ⟨−∇ℒ, ⊗_n ŵ_r^n⟩. Derivation: each factor's squared norm moves as 2Pγ (an exact identity at fixed
/// sizes), then the scalar reduction a² = P^{2/N} (balance) is differentiated implicitly for symbolic N.
/// </summary>
public sealed class TF1_ComponentNormDynamics : Claim
{
    public static readonly Symbol N = Expr.Sym("N", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol P = BalancedScalarReduction.P;
    public static readonly Symbol A = BalancedScalarReduction.A;
    public static readonly Symbol Gamma = BalancedScalarReduction.Gamma;

    /// <summary>The right-hand side N·P^{2−2/N}·γ, compiled by the numeric check.</summary>
    public static Expr Rate => BalancedScalarReduction.Rate(N);

    public override string Id => "TF-1";
    public override string Title => "Component norms move as N·σ^(2−2/N)·γ under balanced init";
    public override Citation Citation => new(Paper.RMC21, "Thm 1 (ε = 0)", Confidence.Recalled);

    public override Statement Statement => new(
        "d/dt‖⊗w_r‖ = N‖⊗w_r‖^(2−2/N)·γ_r, γ_r = ⟨−∇ℒ, ⊗ŵ_r⟩ (balanced)",
        @"\frac{d}{dt}\Big\|\bigotimes_{n=1}^N\mathbf w_r^n\Big\|=N\Big\|\bigotimes_n\mathbf w_r^n\Big\|^{2-\frac2N}\gamma_r,\quad \gamma_r=\Big\langle-\nabla\mathcal L(\mathcal W_e),\bigotimes_n\hat{\mathbf w}_r^n\Big\rangle",
        Differentiation.RateSymbol(P), Relation.Equal, Rate);

    public override IReadOnlyList<string> Assumptions =>
        ["gradient flow", "balanced initialization: ε = max |‖w_r^n(0)‖² − ‖w_r^{n'}(0)‖²| = 0 (kept for all t by TF-C1)", "σ_r(t) > 0"];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        SquaredNormRate(SymbolicCpFactorization.WithFreeGradient(3, 2, 2), "N=3, D=2, R=2"),
        SquaredNormRate(SymbolicCpFactorization.WithFreeGradient(4, 2, 1), "N=4, D=2, R=1"),
    ];

    /// <summary>d/dt‖w_r^n‖² = 2⟨−∇ℒ, ⊗_m w_r^m⟩ (= 2Pγ) for every r, n, with the velocities derived from the model.</summary>
    private static IdentityInstance SquaredNormRate(SymbolicCpFactorization cp, string size) =>
        new($"d/dt‖w_r^n‖² = 2⟨−∇ℒ, ⊗_m w_r^m⟩ for all r, n ({size}, free symbolic ∇ℒ)", () =>
        {
            var rates = cp.NormRates();
            return Enumerable.Range(0, cp.Rank).SelectMany(r =>
            {
                var projection = Expr.Add(cp.Indices.Select((idx, k) =>
                    Expr.Multiply([Expr.MinusOne, cp.GradientEntries[k], .. idx.Select((i, n) => (Expr)cp.Factor(r, n, i))])));
                return Enumerable.Range(0, cp.Order).Select(n => new IdentityResidual($"r={r + 1}, n={n + 1}", rates[r][n] - Expr.Two * projection));
            });
        }, "factor rates");

    public override IReadOnlyList<DerivationStep> Derivation => BalancedScalarReduction.Steps(N,
        "The squared-norm rate of every factor (identities above), d(a²)/dt = 2Pγ, fixes ȧ = Pγ/a:",
        "d(a²)/dt = 2aȧ; definition of γ_r",
        "Differentiating the balance relation a² − P^{2/N} = 0 in t:",
        "The claimed law satisfies it: with ȧ = Pγ/a and Ṗ = N P^{2−2/N} γ the derivative vanishes:",
        "Solving the differentiated relation for Ṗ (linear in Ṗ, symbolic N) gives exactly the claimed right-hand side:");
}
