using ImplicitReg.Theory.Claims.TensorFactorization;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Claims.TensorFactorization;

/// <summary>TF-C1 (theory.md §5.1, §1.2) as exact polynomial identities, with velocities derived by differentiation.</summary>
public class SymbolicCpFactorizationTests
{
    private static void AssertConserved(SymbolicCpFactorization cp)
    {
        var polynomials = cp.ConservationPolynomials();
        Assert.Equal(cp.Rank * cp.Order * (cp.Order - 1) / 2, polynomials.Count);
        Assert.All(polynomials, p =>
        {
            Assert.True(p.Residual.IsZero, $"r={p.Component} n={p.Mode} n'={p.OtherMode}: {p.Residual}");
            Assert.False(p.Rate.IsZero);
        });
        Assert.True(cp.ConservationHolds());
    }

    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderGradientFlow_N2_D2_R2() => AssertConserved(SymbolicCpFactorization.WithFreeGradient(2, 2, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderGradientFlow_N3_D2_R2() => AssertConserved(SymbolicCpFactorization.WithFreeGradient(3, 2, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderGradientFlow_N3_D3_R2() => AssertConserved(SymbolicCpFactorization.WithFreeGradient(3, 3, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderGradientFlow_N4_D2_R2() => AssertConserved(SymbolicCpFactorization.WithFreeGradient(4, 2, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderGradientFlow_Dims2x3x4_R2() => AssertConserved(SymbolicCpFactorization.WithFreeGradient([2, 3, 4], 2));

    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderSquaredLossGradientFlow_N2_D2_R2() => AssertConserved(SymbolicCpFactorization.WithSquaredLoss(2, 2, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderSquaredLossGradientFlow_N3_D2_R2() => AssertConserved(SymbolicCpFactorization.WithSquaredLoss(3, 2, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderSquaredLossGradientFlow_N3_D3_R2() => AssertConserved(SymbolicCpFactorization.WithSquaredLoss(3, 3, 2));
    [Fact] public void TFC1_SquaredFactorNormDifferencesAreConservedUnderSquaredLossGradientFlow_N4_D2_R2() => AssertConserved(SymbolicCpFactorization.WithSquaredLoss(4, 2, 2));

    /// <summary>Negative control: flipping the sign of mode 1's velocity must break every pair that involves mode 1.</summary>
    [Theory]
    [InlineData(CpGradient.Free)]
    [InlineData(CpGradient.SquaredLoss)]
    public void TFC1_FailsWhenOneModesVelocityHasTheWrongSign(CpGradient gradient)
    {
        var cp = new SymbolicCpFactorization([2, 2, 2], 2, gradient);
        var mode1 = Enumerable.Range(0, cp.Rank).SelectMany(r => cp.Vector(r, 0)).ToHashSet();
        var wrong = cp.Velocities.ToDictionary(kv => kv.Key, kv => mode1.Contains(kv.Key) ? -kv.Value : kv.Value);
        Assert.False(cp.ConservationHolds(wrong));
        Assert.All(cp.ConservationPolynomials(wrong), p => Assert.Equal(p.Mode == 0, !p.Residual.IsZero));
        Assert.Contains(cp.ExpandedConservationResiduals(wrong), e => !e.IsZero);
    }

    /// <summary>The residual of TimeDerivative(‖w_r^n‖² − ‖w_r^{n'}‖²) is the shared-rate polynomial, and Expand agrees.</summary>
    [Theory]
    [InlineData(CpGradient.Free)]
    [InlineData(CpGradient.SquaredLoss)]
    public void TFC1_ResidualsAgreeAcrossThePolynomialAndExpansionPaths(CpGradient gradient)
    {
        var cp = new SymbolicCpFactorization([2, 3, 2], 2, gradient);
        var residuals = cp.ConservationResiduals();
        var polynomials = cp.ConservationPolynomials();
        Assert.Equal(polynomials.Count, residuals.Count);
        for (int k = 0; k < residuals.Count; k++)
        {
            Assert.Equal((residuals[k].Component, residuals[k].Mode, residuals[k].OtherMode), (polynomials[k].Component, polynomials[k].Mode, polynomials[k].OtherMode));
            Assert.Equal(polynomials[k].Residual, Polynomial.FromExpr(residuals[k].Residual));
            Assert.True(Expansion.Expand(residuals[k].Residual).IsZero);
        }
        Assert.All(cp.ExpandedConservationResiduals(), e => Assert.True(e.IsZero, e.ToString()));
    }

    /// <summary>The derived velocities are theory.md §5.1's ẇ_r^n = −∇L(W_e)·Π_{n'≠n} w_r^{n'}, for both gradients.</summary>
    [Theory]
    [InlineData(CpGradient.Free)]
    [InlineData(CpGradient.SquaredLoss)]
    public void DerivedVelocitiesAreTheNegativeGradientContractedWithTheOtherFactors(CpGradient gradient)
    {
        var cp = new SymbolicCpFactorization([2, 3, 2], 2, gradient);
        for (int r = 0; r < cp.Rank; r++)
            for (int n = 0; n < cp.Order; n++)
                for (int i = 0; i < cp.Dimensions[n]; i++)
                {
                    var expected = -Expr.Add(cp.Indices.Select((idx, k) => (idx, k)).Where(t => t.idx[n] == i).Select(t =>
                        Expr.Multiply(Enumerable.Range(0, cp.Order).Where(m => m != n).Select(m => (Expr)cp.Factor(r, m, t.idx[m]))
                            .Prepend(cp.GradientEntries[t.k]))));
                    Assert.Equal(Polynomial.FromExpr(expected), Polynomial.FromExpr(cp.Velocities[cp.Factor(r, n, i)]));
                }
    }

    [Fact]
    public void SymbolNamesAreOneBasedComponentModeIndex()
    {
        var cp = SymbolicCpFactorization.WithSquaredLoss(3, 3, 2);
        Assert.Equal("w1_2_3", cp.Factor(0, 1, 2).Name);
        Assert.Equal(2 * 3 * 3, cp.Factors.Count);
        Assert.Equal(27, cp.Entries.Count);
        Assert.Equal(Polynomial.FromExpr(Infix(cp.Entry(0, 1, 2)) ), Polynomial.FromExpr(Parser.Parse("w1_1_1*w1_2_2*w1_3_3 + w2_1_1*w2_2_2*w2_3_3")));
        Assert.Equal(Parser.Parse("w1_1_1*w1_2_2*w1_3_3 + w2_1_1*w2_2_2*w2_3_3 - Y_1_2_3"), cp.GradientEntries[5]);
        Assert.NotNull(cp.Loss);
        Assert.Null(SymbolicCpFactorization.WithFreeGradient(2, 2, 1).Loss);
        Assert.Equal("G_2_1", SymbolicCpFactorization.WithFreeGradient(2, 2, 1).GradientEntries[2].ToString());
    }

    private static Expr Infix(Expr e) => Parser.Parse(e.ToString());
}
