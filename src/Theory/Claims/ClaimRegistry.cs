namespace ImplicitReg.Theory.Claims;

/// <summary>
/// Every encoded claim (every concrete <see cref="Claim"/> in this assembly), in the order of theory.md §9.
/// </summary>
public static class ClaimRegistry
{
    /// <summary>The rows of theory.md §9, in order.</summary>
    public static readonly IReadOnlyList<string> TheoryOrder =
    [
        "MF-C1", "MF-C2", "MF-1", "MF-2", "MF-3", "MF-4", "MF-5", "MF-6", "MF-7", "MF-8", "MF-9", "MF-10", "MF-11",
        "NN-1", "NN-2", "NN-4", "NN-3",
        "TF-C1", "TF-C2", "TF-1", "TF-2", "TF-3", "TF-4", "TF-5", "TF-6", "TF-NN",
        "HTF-C1", "HTF-C2", "HTF-1", "HTF-2", "HTF-3", "HTF-4", "HTF-5", "HTF-6", "HTF-7", "HTF-R",
        "DT-1", "DT-1b", "DT-2.C", "DT-2.C'", "DT-2.1", "DT-2.2", "DT-P",
    ];

    public static IReadOnlyList<Claim> All { get; } = typeof(Claim).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Claim)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (Claim)Activator.CreateInstance(t)!)
        .OrderBy(c => Position(c.Id)).ThenBy(c => c.Id, StringComparer.Ordinal)
        .ToList();

    private static int Position(string id)
    {
        int i = TheoryOrder.ToList().IndexOf(id);
        return i < 0 ? int.MaxValue : i;
    }

    public static Claim? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));
}
