using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks;

/// <summary>
/// How hard `verify` works: the default run, or `--thorough` (larger sizes, more cases); and where the numeric checks'
/// gradient-descent trajectories run (<see cref="Trajectories"/>: managed by default, a device batch with `--device`).
/// </summary>
public sealed record CheckOptions(bool Thorough = false, int Seed = 20261125, ITrajectorySource? Trajectories = null)
{
    public int PropertyCases => Thorough ? 500 : 100;

    /// <summary>The source of the checks' GD/GroupRMSprop runs.</summary>
    public ITrajectorySource Runs => Trajectories ?? ManagedTrajectories.Instance;
}

/// <summary>One row of numeric evidence: what was compared, the relative error, and whether it passed.</summary>
public sealed record EvidenceRow(string Case, double RelativeError, double Tolerance, string Detail = "")
{
    public bool Passed => RelativeError <= Tolerance;
}

/// <summary>
/// Numeric evidence for a claim: rows of errors against tolerances, and for GD-vs-flow checks the observed
/// order of convergence estimated from η, η/2, η/4 (must be ≈ 1 for GD), plus the assumption-violating
/// control runs that must break the claim (<see cref="Controls"/>).
/// </summary>
public sealed record NumericEvidence(IReadOnlyList<EvidenceRow> Rows, double? ObservedOrder = null, (double Low, double High)? OrderRange = null,
    IReadOnlyList<EvidenceRow>? Controls = null, string? NotApplicable = null)
{
    public double WorstRelativeError => Rows.Count == 0 ? 0 : Rows.Max(r => r.RelativeError);

    public bool OrderOk => ObservedOrder is null || (OrderRange is { } range && ObservedOrder >= range.Low && ObservedOrder <= range.High);

    /// <summary>Every row within tolerance, the order in range, and every control run broke the claim.</summary>
    public bool Passed => NotApplicable is null && Rows.All(r => r.Passed) && OrderOk && (Controls ?? []).All(c => !c.Passed);
}

/// <summary>Property evidence: how many random instances were tried and the first counterexample, if any.</summary>
public sealed record PropertyEvidence(int Cases, string? Counterexample = null, string? NotApplicable = null)
{
    public bool Passed => NotApplicable is null && Counterexample is null;
}

/// <summary>The numeric and property checks of one claim (same id as its statement in Theory/Claims).</summary>
public interface IClaimCheck
{
    string ClaimId { get; }
    NumericEvidence Numeric(CheckOptions options);
    PropertyEvidence Properties(CheckOptions options);
}

/// <summary>Runs a seeded property over <paramref name="cases"/> random instances; stops at the first failure.</summary>
public static class PropertyRunner
{
    public static PropertyEvidence Run<T>(int cases, int seed, Func<Random.Gaussian, T> generate, Func<T, bool> holds, Func<T, string>? describe = null)
    {
        var g = new Random.Gaussian(seed);
        for (int i = 0; i < cases; i++)
        {
            var instance = generate(g);
            if (!holds(instance)) return new PropertyEvidence(i + 1, describe?.Invoke(instance) ?? instance?.ToString() ?? "?");
        }
        return new PropertyEvidence(cases);
    }
}
