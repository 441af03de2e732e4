using ImplicitReg.Theory.Claims;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Properties.Symbolic.Oracle;

/// <summary>
/// Issue 4: every symbolic result is also confirmed by SymPy. Each derivation step of every encoded claim —
/// lhs − rhs after the step's substitutions — is sent to SymPy, which must find it equal to 0 (expand, then
/// simplify, then a numeric check reported as such). Symbols are renamed v0, v1, … (assumptions kept) so rate
/// symbols like P′ reach SymPy as plain names.
/// </summary>
public class ClaimDerivationOracleTests(Xunit.Abstractions.ITestOutputHelper output)
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

    /// <summary>
    /// Every residual of every fixed-size identity instance of every claim (MF-C1, TF-C1, HTF-C2, TF-NN, HTF-3 …) —
    /// the same expressions the core proves zero — is sent to SymPy, which must expand it to 0 as well.
    /// </summary>
    [SympyFact]
    public void EveryClaimIdentityInstanceIsConfirmedBySympy()
    {
        var cases = new List<OracleCase>();
        var labels = new Dictionary<string, string>();
        int instances = 0;
        foreach (var claim in ClaimRegistry.All)
            foreach (var (identity, i) in claim.Identities.Select((x, i) => (x, i)))
            {
                instances++;
                var residuals = identity.Residuals();
                Assert.True(residuals.Count > 0, $"{claim.Id} identity {i + 1} built no residuals: {identity.Text}");
                foreach (var (residual, k) in residuals.Select((x, k) => (x, k)))
                {
                    var renamed = Renamed(residual.Value);
                    string id = $"{claim.Id}#i{i + 1}.{k + 1}";
                    labels[id] = $"{claim.Id} identity {i + 1} ({identity.Text}), residual {residual.Label}";
                    cases.Add(OracleCase.Equivalent(id, OracleCase.Print(renamed), Expr.Zero,
                        renamed.Symbols().ToDictionary(x => x.Name, x => x.Assumptions)));
                }
            }
        Assert.True(instances >= 40, $"only {instances} identity instances found");
        var results = SympyOracle.Check(cases, TimeSpan.FromMinutes(10));
        output.WriteLine($"{cases.Count} residuals of {instances} identity instances sent to SymPy");
        var failures = results.Where(r => r.Status != "ok").Select(r => $"{labels[r.Id]} — SymPy: {r.Status} {r.Detail}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} residuals not confirmed by expansion:\n" + string.Join("\n", failures.Take(20)));
    }

    [SympyFact]
    public void AWrongIdentityResidualIsRejectedBySympy()
    {
        // TF-C1's first residual plus one monomial of its own symbols: SymPy must not find it equal to 0.
        var residual = ClaimRegistry.Find("TF-C1")!.Identities[0].Residuals()[0].Value;
        var broken = Renamed(residual + Expr.Multiply(residual.Symbols().Take(2).Cast<Expr>().ToArray()));
        var result = SympyOracle.Check([OracleCase.Equivalent("wrong", OracleCase.Print(broken), Expr.Zero,
            broken.Symbols().ToDictionary(x => x.Name, x => x.Assumptions))]).Single();
        Assert.False(result.Passed, $"SymPy accepted a wrong identity residual: {result.Status} {result.Detail}");
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
