using ImplicitReg.Theory.Claims.DeepTensorFactorization;

namespace ImplicitReg.Properties.Claims.DeepTensorFactorization;

/// <summary>DT-2.C as exact polynomial identities on the symbolic deep Tucker model, with negative controls.</summary>
public class SymbolicDeepTuckerTests
{
    [Theory]
    [InlineData(2, 2, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(2, 2, 3)]
    [InlineData(3, 2, 2)]
    public void DT2C_EveryInvariantEntryHasZeroGradientFlowRate(int order, int d, int depth)
    {
        var model = new SymbolicDeepTucker(order, d, depth);
        Assert.NotEmpty(model.Invariants());
        Assert.Empty(model.NonConserved());
    }

    /// <summary>Negative control: for L ≥ 2 the depth-1 quantity 𝒢_(n)𝒢_(n)ᵀ − U^(n)ᵀU^(n) is not conserved; for L = 1 it is.</summary>
    [Fact]
    public void DT2C_ModeGramDifferenceIsConservedOnlyAtDepthOne()
    {
        Assert.Empty(new SymbolicDeepTucker(2, 2, 1).NonConserved(new SymbolicDeepTucker(2, 2, 1).ModeGramDifference(0)));
        var deep = new SymbolicDeepTucker(2, 2, 2);
        Assert.NotEmpty(deep.NonConserved(deep.ModeGramDifference(0)));
    }

    /// <summary>Negative control: with the core's velocity sign flipped the slice-vs-chain invariant is not conserved.</summary>
    [Fact]
    public void DT2C_FailsWhenTheCoreVelocityHasTheWrongSign()
    {
        var model = new SymbolicDeepTucker(2, 2, 2);
        var wrong = model.Velocities.ToDictionary(kv => kv.Key, kv => kv.Key.Name.StartsWith("C_", StringComparison.Ordinal) ? -kv.Value : kv.Value);
        var sliceInvariants = model.Invariants().Where(q => q.Name.Contains("‖𝒢_i‖²", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sliceInvariants);
        Assert.Contains(sliceInvariants, q => !ImplicitReg.Theory.Symbolic.Polynomial.FromExpr(ImplicitReg.Theory.Symbolic.Differentiation.TimeDerivative(q.Value, wrong)).IsZero);
    }
}
