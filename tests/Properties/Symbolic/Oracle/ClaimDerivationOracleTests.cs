using ImplicitReg.Theory.Claims;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic.Oracle;

/// <summary>
/// Issue 4: every symbolic result is also confirmed by SymPy. Each derivation step of every encoded claim —
/// lhs − rhs after the step's substitutions — is sent to SymPy, which must find it equal to 0 (expand, then
/// simplify, then a numeric check reported as such). Symbols are renamed v0, v1, … (assumptions kept) so rate
/// symbols like P′ reach SymPy as plain names.
/// </summary>
public class ClaimDerivationOracleTests
{
    [SympyFact]
    public void EveryClaimDerivationStepIsConfirmedBySympy()
    {
        var cases = new List<OracleCase>();
        var labels = new Dictionary<string, string>();
        foreach (var claim in ClaimRegistry.All)
        {
            var steps = claim.Derivation;
            for (int k = 0; k < steps.Count; k++)
            {
                var s = steps[k];
                var difference = s.Lhs - s.Rhs;
                if (s.Given is { Count: > 0 }) difference = Substitution.Substitute(difference, s.Given);
                var renamed = Renamed(difference);
                string id = $"{claim.Id}#{k + 1}";
                labels[id] = $"{claim.Id} step {k + 1}: {s.Text}";
                cases.Add(OracleCase.Equivalent(id, OracleCase.Print(renamed), Expr.Zero,
                    renamed.Symbols().ToDictionary(x => x.Name, x => x.Assumptions)));
            }
        }
        Assert.True(cases.Count >= 20, $"only {cases.Count} derivation steps found");
        var results = SympyOracle.Check(cases);
        var failures = results.Where(r => !r.Passed).Select(r => $"{labels[r.Id]} — SymPy: {r.Status} {r.Detail}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SympyFact]
    public void AWrongDerivationStepIsRejectedBySympy()
    {
        // TF-1's last step with the right-hand side doubled: SymPy must not find lhs − rhs equal to 0.
        var step = ClaimRegistry.Find("TF-1")!.Derivation[^1];
        var renamed = Renamed(step.Lhs - Expr.Two * step.Rhs);
        var result = SympyOracle.Check([OracleCase.Equivalent("wrong", OracleCase.Print(renamed), Expr.Zero,
            renamed.Symbols().ToDictionary(x => x.Name, x => x.Assumptions))]).Single();
        Assert.False(result.Passed, $"SymPy accepted a wrong step: {result.Status} {result.Detail}");
    }

    private static Expr Renamed(Expr e)
    {
        var map = e.Symbols().Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (Expr)Expr.Sym($"v{p.i}", p.s.Assumptions));
        return Substitution.Substitute(e, map);
    }
}
