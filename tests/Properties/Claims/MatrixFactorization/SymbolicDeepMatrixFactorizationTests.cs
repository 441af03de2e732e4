using ImplicitReg.Theory.Claims.MatrixFactorization;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Claims.MatrixFactorization;

/// <summary>MF-C1 (theory.md §2.1) as exact polynomial identities, with velocities derived by differentiation.</summary>
public class SymbolicDeepMatrixFactorizationTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(2, 4)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    public void MFC1_BalancednessIsConservedUnderGradientFlow(int d, int n)
    {
        var (entries, nonzero, monomials) = new SymbolicDeepMatrixFactorization(n, d).ConservationCheck();
        Assert.Equal((n - 1) * d * d, entries);
        Assert.True(monomials > 0);
        Assert.Equal(0, nonzero);
    }

    /// <summary>Negative control: flipping the sign of W_1's velocity must break C_1's conservation.</summary>
    [Fact]
    public void MFC1_FailsWhenOneLayersVelocityHasTheWrongSign()
    {
        var mf = new SymbolicDeepMatrixFactorization(3, 2);
        var layer1 = mf.Layer(1).Cast<Expr>().OfType<Symbol>().ToHashSet();
        var wrong = mf.Velocities.ToDictionary(kv => kv.Key, kv => layer1.Contains(kv.Key) ? -kv.Value : kv.Value);
        Assert.True(mf.ConservationCheck(wrong).NonZero > 0);
    }

    [Fact]
    public void VelocitiesAreMinusTheLayerGradientsWTransposeGW()
    {
        // N = 2: ∂⟨G, W2W1⟩/∂W1 = W2ᵀG, ∂/∂W2 = G W1ᵀ.
        var mf = new SymbolicDeepMatrixFactorization(2, 2);
        var expected1 = SymbolicDeepMatrixFactorization.Multiply(SymbolicDeepMatrixFactorization.Transpose(mf.Layer(2)), mf.Gradient);
        var expected2 = SymbolicDeepMatrixFactorization.Multiply(mf.Gradient, SymbolicDeepMatrixFactorization.Transpose(mf.Layer(1)));
        Assert.True(SymbolicDeepMatrixFactorization.IsZero(SymbolicDeepMatrixFactorization.Subtract(mf.LayerGradient(1), expected1)));
        Assert.True(SymbolicDeepMatrixFactorization.IsZero(SymbolicDeepMatrixFactorization.Subtract(mf.LayerGradient(2), expected2)));
    }
}
