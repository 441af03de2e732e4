using ImplicitReg.Theory.Claims.HierarchicalTensorFactorization;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Claims.HierarchicalTensorFactorization;

/// <summary>HTF-C1 (theory.md §6.1) as exact polynomial identities, with velocities derived by differentiation.</summary>
public class SymbolicHtfTests
{
    [Theory]
    [InlineData("((0,1),(2,3))", 2, 2)]
    [InlineData("((0,1),2)", 2, 2)]
    [InlineData("(0,1,2)", 2, 2)]
    public void HTFC1_LocalComponentDifferencesAreConservedUnderGradientFlow(string tree, int d, int width)
    {
        var htf = new SymbolicHtf(tree, d, width);
        var residuals = HTFC1_Conservation.Residuals(htf);
        Assert.NotEmpty(residuals);
        Assert.All(residuals, r => Assert.True(r.Residual.IsZero, $"{r.Node}#{r.R} ({r.A},{r.B})"));
    }

    [Fact]
    public void SymbolicHtfHasOneMatrixPerNodeAndTheEndTensorHasTheRightDegree()
    {
        var htf = new SymbolicHtf("((0,1),(2,3))", 2, 2);
        Assert.Equal(4 * 4 + 2 * 4 + 2, htf.Weights.Count);
        Assert.Equal(16, htf.Entries.Count);
        // Each entry: 2 (root) × 2 × 2 terms, each a product of 7 weights.
        var p = Polynomial.FromExpr(htf.Entries[0]);
        Assert.Equal(8, p.TermCount);
    }

    /// <summary>Negative control: flipping the sign of the leaf velocities breaks the conservation at the nodes above the leaves.</summary>
    [Fact]
    public void HTFC1_FailsWhenTheLeafVelocitiesHaveTheWrongSign()
    {
        var htf = new SymbolicHtf("((0,1),2)", 2, 2);
        var leafWeights = htf.Weights.Where(w => w.Name.Length > 1 && w.Name[2] == '_').ToHashSet();
        var wrong = htf.Velocities.ToDictionary(kv => kv.Key, kv => leafWeights.Contains(kv.Key) ? -kv.Value : kv.Value);
        Assert.Contains(HTFC1_Conservation.Residuals(htf, wrong), r => !r.Residual.IsZero);
    }
}
