using System.Diagnostics;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Theory.Claims;

namespace ImplicitReg.Cli.Verification;

/// <summary>The outcome of one derivation step or identity instance.</summary>
public sealed record SymbolicResult(string Text, bool Holds, string Detail);

/// <summary>Everything `verify` found for one claim; rendered by the table, the JSON report and the docs.</summary>
public sealed record ClaimReport(
    Claim Claim,
    IReadOnlyList<SymbolicResult> Steps,
    IReadOnlyList<SymbolicResult> Identities,
    NumericEvidence? Numeric,
    PropertyEvidence? Properties,
    TimeSpan Time)
{
    public bool SymbolicPassed => Steps.All(s => s.Holds) && Identities.All(i => i.Holds);
    public bool Passed => SymbolicPassed && (Numeric?.Passed ?? true) && (Properties?.Passed ?? true);

    public static ClaimReport Run(Claim claim, CheckOptions options)
    {
        var clock = Stopwatch.StartNew();
        List<SymbolicResult> steps, identities;
        // Building a derivation runs the core (it may throw): that is a failed symbolic check, not a crash.
        try { steps = claim.Derivation.Select(s => Guard(s.Text, () => (s.Holds(), $"{s.Rule}"))).ToList(); }
        catch (Exception ex) { steps = [new SymbolicResult("building the derivation", false, $"{ex.GetType().Name}: {ex.Message}")]; }
        try { identities = claim.Identities.Select(i => Guard(i.Text, i.Check)).ToList(); }
        catch (Exception ex) { identities = [new SymbolicResult("building the identities", false, $"{ex.GetType().Name}: {ex.Message}")]; }
        var check = ClaimChecks.For(claim.Id);
        var numeric = check?.Numeric(options);
        var properties = check?.Properties(options);
        if (options.Trajectories is DeviceTrajectories device) numeric = DeviceEvidence.WithComparison(numeric, device);
        return new ClaimReport(claim, steps, identities, numeric, properties, clock.Elapsed);
    }

    private static SymbolicResult Guard(string text, Func<(bool, string)> run)
    {
        try
        {
            var (holds, detail) = run();
            return new SymbolicResult(text, holds, detail);
        }
        catch (Exception ex)
        {
            return new SymbolicResult(text, false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
