using ImplicitReg.Theory.Claims;
using ImplicitReg.Theory.Claims.MatrixFactorization;
using ImplicitReg.Theory.Symbolic;
using M = ImplicitReg.Theory.Claims.MatrixFactorization.SymbolicDeepMatrixFactorization;

namespace ImplicitReg.Properties.Claims.MatrixFactorization;

/// <summary>Negative controls for the deep-MF and RC20 claims' symbolic sides: wrong statements must be caught.</summary>
public class MatrixFactorizationDerivationTests
{
    public static TheoryData<string> Ids => ["MF-3", "MF-6", "MF-8", "MF-9", "NN-2", "NN-4"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryStepWithANonZeroRightHandSideFailsWhenItIsDoubled(string id)
    {
        var claim = ClaimRegistry.Find(id)!;
        Assert.NotEmpty(claim.Derivation);
        foreach (var step in claim.Derivation.Where(s => !Polynomial.FromExpr(s.Rhs).IsZero))
            Assert.False((step with { Rhs = step.Rhs * Expr.Two }).Holds(), $"{id}: doubling the right-hand side of '{step.Text}' went unnoticed");
    }

    [Fact]
    public void MF6_AWrongExponentIsCaught()
    {
        var step = new MF6_SingularValueDynamics().Derivation[2];
        var wrong = -MF6_SingularValueDynamics.N * Expr.Pow(MF6_SingularValueDynamics.Sigma, Expr.Two - Expr.One / MF6_SingularValueDynamics.N) * MF6_SingularValueDynamics.G;
        Assert.True(step.Holds());
        Assert.False((step with { Rhs = wrong }).Holds());
    }

    /// <summary>MF-C2 needs g_j to be gradients of one loss of the end matrix: with free g_j the O(η) terms remain.</summary>
    [Fact]
    public void MFC2_FailsForFreeLayerGradients()
    {
        var mf = new M(2, 2);
        Expr[,] Free(string name) => M.Map(mf.Layer(1), w => Expr.Sym(name + ((Symbol)w).Name));
        var g1 = Free("g1_");
        var g2 = Free("g2_");
        var eta = MFC2_OneStepBalancednessDrift.Eta;
        var after = M.Balancedness(M.Subtract(mf.Layer(2), M.Scale(eta, g2)), M.Subtract(mf.Layer(1), M.Scale(eta, g1)));
        var residual = M.Subtract(M.Subtract(after, mf.Balancedness(1)), M.Scale(Expr.Pow(eta, Expr.Two), M.Balancedness(g2, g1)));
        Assert.False(M.IsZero(residual));
    }

    [Fact]
    public void MFC2_FailsWithEtaInsteadOfEtaSquared()
    {
        var mf = new M(3, 2);
        var eta = MFC2_OneStepBalancednessDrift.Eta;
        var g2 = mf.LayerGradient(2);
        var g1 = mf.LayerGradient(1);
        var after = M.Balancedness(M.Subtract(mf.Layer(2), M.Scale(eta, g2)), M.Subtract(mf.Layer(1), M.Scale(eta, g1)));
        Assert.True(M.IsZero(M.Subtract(M.Subtract(after, mf.Balancedness(1)), M.Scale(Expr.Pow(eta, Expr.Two), M.Balancedness(g2, g1)))));
        Assert.False(M.IsZero(M.Subtract(M.Subtract(after, mf.Balancedness(1)), M.Scale(eta, M.Balancedness(g2, g1)))));
    }

    [Fact]
    public void MFC1_WeightDecayRateIsMinusTwoLambdaC_NotZero()
    {
        var mf = new M(2, 2);
        var lambda = MFC1_BalancednessConservation.Lambda;
        var velocities = mf.Velocities.ToDictionary(kv => kv.Key, kv => kv.Value - lambda * kv.Key);
        Assert.False(M.IsZero(mf.BalancednessRate(1, velocities)));
        Assert.True(M.IsZero(M.Add(mf.BalancednessRate(1, velocities), M.Scale(Expr.Two * lambda, mf.Balancedness(1)))));
    }
}
