namespace ImplicitReg.Numerics.Models;

/// <summary>How <see cref="CpEntryKernel"/> vectorizes the CP entry walk (same math, same θ layout, same results to rounding).</summary>
internal enum CpWalk
{
    /// <summary>Components in the vector lanes, entries as leaves of the trie of their multi-indices (shared prefixes).</summary>
    Trie,

    /// <summary>Entries in the vector lanes, components one after another; multi-index rows over modes of size ≤ 4.</summary>
    EntryLanes,
}
