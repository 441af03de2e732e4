using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;

/// <summary>
/// theory.md HTF-7: if f(x) = g(x_I)·h(x_{I^c}) then for x' differing from x only outside I,
/// ∇_{x_I} f(x') = (h(x'_{I^c})/h(x_{I^c}))·∇_{x_I} f(x), so |cos(∇_{x_I} f(x), ∇_{x_I} f(x'))| = 1.
/// Symbolic: with generic quadratics g, h (symbolic coefficients, two variables each), h(y)·∇_x f(x, y') − h(y')·∇_x f(x, y) ≡ 0.
/// </summary>
public sealed class HTF7_SeparableGradientDirection : Claim
{
    public override string Id => "HTF-7";
    public override string Title => "Separable functions have patch gradients whose direction ignores the rest of the input";
    public override Citation Citation => new(Paper.RMC22, "§5 locality regularizer rationale (separation rank; Cohen & Shashua)", Confidence.Inferred);

    public override Statement Statement => new(
        "f(x) = g(x_I)h(x_Iᶜ), x' = x outside I changed ⇒ ∇_{x_I}f(x') = (h(x'_Iᶜ)/h(x_Iᶜ))∇_{x_I}f(x), |cos(∇_{x_I}f(x), ∇_{x_I}f(x'))| = 1",
        @"f(x)=g(x_I)\,h(x_{I^c})\ \Rightarrow\ \nabla_{x_I}f(x')=\frac{h(x'_{I^c})}{h(x_{I^c})}\nabla_{x_I}f(x),\quad\big|\cos\big(\nabla_{x_I}f(x),\nabla_{x_I}f(x')\big)\big|=1");

    public override IReadOnlyList<string> Assumptions => ["f separable w.r.t. (I, Iᶜ) (separation rank 1)", "x' differs from x only outside I", "h(x_Iᶜ), h(x'_Iᶜ) ≠ 0"];

    public override IReadOnlyList<IdentityInstance> Identities =>
    [
        new("h(y)·∇_x f(x, y') − h(y')·∇_x f(x, y) ≡ 0 for f = g(x₁, x₂)·h(y₁, y₂), g, h generic quadratics with symbolic coefficients", () =>
        {
            Symbol x1 = Expr.Sym("x_1"), x2 = Expr.Sym("x_2");
            Symbol[] y = [Expr.Sym("y_1"), Expr.Sym("y_2")], yp = [Expr.Sym("yp_1"), Expr.Sym("yp_2")];
            Expr Quadratic(string c, Expr a, Expr b) => Expr.Add(
                new[] { Expr.One, a, b, a * a, a * b, b * b }.Select((m, i) => Expr.Sym($"{c}_{i}") * m));
            var g = Quadratic("c", x1, x2);
            Expr H(Symbol[] v) => Quadratic("d", v[0], v[1]);
            Expr F(Symbol[] v) => g * H(v);
            return new[] { x1, x2 }.Select(xi => new IdentityResidual($"∂/∂{xi.Name}",
                H(y) * Differentiation.Differentiate(F(yp), xi) - H(yp) * Differentiation.Differentiate(F(y), xi)));
        }, "gradient components"),
    ];
}
