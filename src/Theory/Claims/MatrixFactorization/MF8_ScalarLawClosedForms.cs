using ImplicitReg.Theory.Symbolic;
using SymbolAssumptions = ImplicitReg.Theory.Symbolic.Assumptions;

namespace ImplicitReg.Theory.Claims.MatrixFactorization;

/// <summary>
/// theory.md MF-8: with a constant pull c = ⟨−∇ℓ, u_rv_rᵀ⟩ &gt; 0 the MF-6 law σ̇ = N c σ^{2−2/N} integrates to
/// σ = σ₀ + ct (N = 1), σ₀e^{2ct} (N = 2), (σ₀^{−(N−2)/N} − (N−2)ct)^{−N/(N−2)} (N ≥ 3) with blow-up at
/// t* = σ₀^{−(N−2)/N}/((N−2)c). Each closed form is differentiated by the core and shown to satisfy the ODE;
/// for N ≥ 3 through the positive base b(t) = σ₀^{−(N−2)/N} − (N−2)ct (σ = b^{−N/(N−2)}, i.e. σ^{−(N−2)/N} = b).
/// </summary>
public sealed class MF8_ScalarLawClosedForms : Claim
{
    public static readonly Symbol N = Expr.Sym("N", SymbolAssumptions.PositiveInteger);
    public static readonly Symbol Sigma = Expr.Sym("sigma", SymbolAssumptions.Positive);
    public static readonly Symbol Sigma0 = Expr.Sym("sigma0", SymbolAssumptions.Positive);
    public static readonly Symbol C = Expr.Sym("c", SymbolAssumptions.Positive);
    public static readonly Symbol T = Expr.Sym("t");
    /// <summary>The base σ^{−(N−2)/N} of the N ≥ 3 form, positive before the blow-up.</summary>
    public static readonly Symbol B = Expr.Sym("b", SymbolAssumptions.Positive);

    /// <summary>The ODE's right-hand side N c σ^{2−2/N}.</summary>
    public static Expr Rate => N * C * Expr.Pow(Sigma, Expr.Two - Expr.Two / N);

    // Written with the factor 2 − N throughout (= −(N−2)), so that the core's canonical products cancel
    // (2−N)·(2−N)^{−1}; the core does not identify −(N−2) with 2 − N inside an inverse power.
    /// <summary>σ(t) for N = 1.</summary>
    public static Expr LinearForm => Sigma0 + C * T;

    /// <summary>σ(t) for N = 2.</summary>
    public static Expr ExponentialForm => Sigma0 * Expr.Exp(Expr.Two * C * T);

    private static Expr TwoMinusN => Expr.Two - N;

    /// <summary>−(N−2)/N = (2−N)/N, the exponent of σ in the base.</summary>
    public static Expr BaseExponent => TwoMinusN / N;

    /// <summary>−N/(N−2) = N/(2−N), the exponent of the base in σ.</summary>
    public static Expr ClosedFormExponent => N / TwoMinusN;

    /// <summary>The N ≥ 3 base b(t) = σ₀^{−(N−2)/N} − (N−2)ct.</summary>
    public static Expr Base => Expr.Pow(Sigma0, BaseExponent) + TwoMinusN * C * T;

    /// <summary>σ(t) for N ≥ 3.</summary>
    public static Expr ClosedForm => Expr.Pow(Base, ClosedFormExponent);

    /// <summary>Blow-up time t* = σ₀^{−(N−2)/N}/((N−2)c).</summary>
    public static Expr BlowUpTime => -Expr.Pow(Sigma0, BaseExponent) / (TwoMinusN * C);

    public override string Id => "MF-8";
    public override string Title => "Closed forms of σ̇ = N c σ^(2−2/N): linear, exponential, finite-time blow-up";
    public override Citation Citation => new(Paper.ACHL19, "Sec. 3 (consequence of Thm 3)", Confidence.DerivedAndVerified);

    public override Statement Statement => new(
        "σ̇ = N c σ^(2−2/N) ⇒ σ = σ₀ + ct (N=1), σ₀e^(2ct) (N=2), (σ₀^(−(N−2)/N) − (N−2)ct)^(−N/(N−2)) (N≥3, blow-up at t*)",
        @"\sigma(t)=\begin{cases}\sigma_0+ct & N=1\\ \sigma_0e^{2ct} & N=2\\ \big(\sigma_0^{-\frac{N-2}{N}}-(N-2)c\,t\big)^{-\frac{N}{N-2}} & N\ge3,\ t<t^*=\frac{\sigma_0^{-(N-2)/N}}{(N-2)c}\end{cases}",
        Differentiation.RateSymbol(Sigma), Relation.Equal, Rate);

    public override IReadOnlyList<string> Assumptions =>
        ["σ̇ = N c σ^{2−2/N} (MF-6 with a constant ⟨−∇ℓ, u_rv_rᵀ⟩ = c > 0)", "σ(0) = σ₀ > 0", "N ≥ 3 forms for t < t*"];

    private static Expr RateAt(int n, Expr sigma) =>
        Substitution.Substitute(Rate, new Dictionary<Symbol, Expr> { [N] = n, [Sigma] = sigma });

    public override IReadOnlyList<DerivationStep> Derivation
    {
        get
        {
            var linear = LinearForm;
            var exponential = ExponentialForm;
            Symbol bDot = Differentiation.RateSymbol(B), sDot = Differentiation.RateSymbol(Sigma);
            var relationRate = Differentiation.TimeDerivative(Expr.Pow(Sigma, BaseExponent) - B,
                new Dictionary<Symbol, Expr> { [Sigma] = sDot, [B] = bDot });
            return
            [
                new("N = 1: d/dt(σ₀ + ct) = c = 1·c·σ^0:", Differentiation.Differentiate(linear, T), RateAt(1, linear), "differentiation in t"),
                new("N = 2: d/dt(σ₀e^{2ct}) = 2cσ₀e^{2ct} = 2cσ:", Differentiation.Differentiate(exponential, T), RateAt(2, exponential), "differentiation in t"),
                new("N ≥ 3: the base b(t) = σ₀^{−(N−2)/N} − (N−2)ct moves at ḃ = −(N−2)c:",
                    Differentiation.Differentiate(Base, T), TwoMinusN * C, "differentiation in t"),
                new("σ = b^{−N/(N−2)} inverts σ^{−(N−2)/N} = b (b > 0):",
                    Expansion.Expand(Expr.Pow(Expr.Pow(B, ClosedFormExponent), BaseExponent)), B, "(b^p)^q = b^{pq} for b > 0"),
                new("Differentiating σ^{−(N−2)/N} = b in t (linear in σ̇, coefficient ≠ 0 for N ≥ 3, so σ̇ is determined):",
                    relationRate, BaseExponent * Expr.Pow(Sigma, BaseExponent - Expr.One) * sDot - bDot, "chain rule (Differentiation.TimeDerivative)"),
                new("With ḃ = −(N−2)c, the ODE's σ̇ = N c σ^{2−2/N} makes the differentiated relation vanish (exponents expanded):",
                    Expansion.Expand(Substitution.Substitute(relationRate, new Dictionary<Symbol, Expr> { [sDot] = Rate, [bDot] = TwoMinusN * C })), Expr.Zero,
                    "substitution; exponent arithmetic"),
                new("Initial value: b(0) = σ₀^{−(N−2)/N}, so σ(0) = (σ₀^{−(N−2)/N})^{−N/(N−2)} = σ₀:",
                    Expansion.Expand(Substitution.Substitute(ClosedForm, T, Expr.Zero)), Sigma0, "substitution t = 0; (a^p)^q = a^{pq} for a > 0"),
                new("Blow-up: the base vanishes at t* = σ₀^{−(N−2)/N}/((N−2)c), where σ = b^{−N/(N−2)} → ∞:",
                    Substitution.Substitute(Base, T, BlowUpTime), Expr.Zero, "substitution t = t*"),
                new("The N ≥ 3 rate written through b: σ̇ = N c b^{−N/(N−2)−1}, from the chain rule on b^{−N/(N−2)} with ḃ = −(N−2)c:",
                    Differentiation.TimeDerivative(Expr.Pow(B, ClosedFormExponent), new Dictionary<Symbol, Expr> { [B] = bDot }),
                    N * C * Expr.Pow(B, ClosedFormExponent - Expr.One), "chain rule", new Dictionary<Symbol, Expr> { [bDot] = TwoMinusN * C }),
            ];
        }
    }
}
