namespace ImplicitReg.Numerics.Baselines;

/// <summary>Argument checks shared by the completion baselines: Ω as distinct linear indices with one finite value each.</summary>
internal static class ObservedEntries
{
    /// <param name="size">Number of entries of the completed object.</param>
    /// <param name="shape">How the object is named in messages, e.g. "a 3×4 matrix".</param>
    /// <param name="describe">How an entry is named in messages, from its linear index.</param>
    public static void Validate(int size, string shape, int[] observedLinearIndices, double[] values, Func<int, string> describe)
    {
        ArgumentNullException.ThrowIfNull(observedLinearIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (observedLinearIndices.Length != values.Length)
            throw new ArgumentException($"observedLinearIndices has {observedLinearIndices.Length} entries but values has {values.Length}.", nameof(values));
        var seen = new bool[size];
        for (int e = 0; e < observedLinearIndices.Length; e++)
        {
            int i = observedLinearIndices[e];
            if ((uint)i >= (uint)size)
                throw new ArgumentOutOfRangeException(nameof(observedLinearIndices), $"observedLinearIndices[{e}] = {i} is outside {shape} (0…{size - 1}).");
            if (seen[i]) throw new ArgumentException($"observedLinearIndices[{e}] = {i} ({describe(i)}) is observed twice.", nameof(observedLinearIndices));
            seen[i] = true;
            if (!double.IsFinite(values[e])) throw new ArgumentException($"values[{e}] = {values[e]} is not finite.", nameof(values));
        }
    }
}
