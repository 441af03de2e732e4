namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// One expected-outcome check, written from theory.md's "Expected" lines: what was expected, what was measured,
/// and whether it held. Printed as pass/fail with the measured numbers.
/// </summary>
public sealed record Expectation(string Name, bool Passed, string Expected, string Measured)
{
    public static Expectation Check(string name, bool passed, string expected, string measured) => new(name, passed, expected, measured);
}
