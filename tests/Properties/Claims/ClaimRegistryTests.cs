using ImplicitReg.Numerics.Checks;
using ImplicitReg.Theory.Claims;

namespace ImplicitReg.Properties.Claims;

/// <summary>Every encoded claim's symbolic side holds, and every claim has its numeric and property checks.</summary>
public class ClaimRegistryTests
{
    public static TheoryData<string> Ids => [.. ClaimRegistry.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryDerivationStepAndIdentityOfTheClaimHoldsExactly(string id)
    {
        var claim = ClaimRegistry.Find(id)!;
        Assert.True(claim.HasSymbolicCheck || claim.NoSymbolicCheckBecause is not null, $"{id} has no symbolic check and says nothing about why.");
        foreach (var step in claim.Derivation) Assert.True(step.Holds(), $"{id}: derivation step fails: {step.Text} ({step.Lhs} = {step.Rhs})");
        foreach (var identity in claim.Identities)
        {
            var (holds, detail) = identity.Check();
            Assert.True(holds, $"{id}: {identity.Text}: {detail}");
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryClaimHasANumericCheckThatPasses(string id)
    {
        var check = ClaimChecks.For(id);
        Assert.NotNull(check);
        var evidence = check.Numeric(new CheckOptions());
        Assert.True(evidence.Passed, $"{id}: {string.Join("; ", evidence.Rows.Where(r => !r.Passed).Select(r => $"{r.Case}: {r.RelativeError:0.0e+0}"))} order {evidence.ObservedOrder}");
    }

    [Fact]
    public void AWrongDerivationStepIsCaught()
    {
        var step = ClaimRegistry.Find("TF-1")!.Derivation[^1];
        var broken = step with { Rhs = step.Rhs * Theory.Symbolic.Expr.Two };
        Assert.False(broken.Holds());
    }
}
