namespace ImplicitReg.Numerics.Checks;

/// <summary>The numeric and property checks (every concrete <see cref="IClaimCheck"/> in this assembly), by claim id.</summary>
public static class ClaimChecks
{
    private static readonly IReadOnlyList<IClaimCheck> Checks = typeof(IClaimCheck).Assembly.GetTypes()
        .Where(t => typeof(IClaimCheck).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IClaimCheck)Activator.CreateInstance(t)!)
        .ToList();

    public static IClaimCheck? For(string claimId) => Checks.FirstOrDefault(c => c.ClaimId == claimId);

    public static IReadOnlyList<string> CheckedIds => Checks.Select(c => c.ClaimId).ToList();
}
