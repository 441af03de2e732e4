namespace ImplicitReg.Numerics.Experiments.Analysis;

/// <summary>
/// Incremental learning read off logged curves (theory.md §8 "incremental-learning property tests"; MF-8, TF-4,
/// HTF-6): given the top-K magnitudes per logged row (singular values, component norms, local component norms; sorted
/// descending in each row), a magnitude counts as learned once it exceeds <c>fraction</c> × the largest magnitude
/// reached anywhere. Learning is one at a time when the count never grows by more than one between consecutive logged
/// rows and consecutive rises are at least <c>minimumGap</c> iterations apart.
/// </summary>
public sealed record Staircase(long[] RiseIterations, int FinalCount, bool OneAtATime, long MinimumGapSeen, double Threshold, int MaxJump)
{
    /// <param name="iterations">k of each logged row.</param>
    /// <param name="magnitudes">per row, the top-K magnitudes (descending).</param>
    public static Staircase Detect(IReadOnlyList<double> iterations, IReadOnlyList<double[]> magnitudes, double fraction = 0.1, long minimumGap = 1)
    {
        if (iterations.Count != magnitudes.Count) throw new ArgumentException($"{iterations.Count} iterations for {magnitudes.Count} rows.");
        if (iterations.Count == 0) throw new ArgumentException("No logged rows.");
        double max = magnitudes.Max(row => row.Length == 0 ? 0 : row.Max());
        double threshold = fraction * max;
        var rises = new List<long>();
        int previous = 0, maxJump = 0;
        for (int t = 0; t < magnitudes.Count; t++)
        {
            int count = magnitudes[t].Count(m => m > threshold);
            maxJump = Math.Max(maxJump, count - previous);
            for (int c = previous + 1; c <= count; c++) rises.Add((long)iterations[t]);
            // A magnitude that falls back below the threshold is not "unlearned" for the staircase: keep the maximum.
            previous = Math.Max(previous, count);
        }
        long minGap = long.MaxValue;
        for (int i = 1; i < rises.Count; i++) minGap = Math.Min(minGap, rises[i] - rises[i - 1]);
        bool oneAtATime = maxJump <= 1 && (rises.Count < 2 || minGap >= minimumGap);
        return new Staircase([.. rises], previous, oneAtATime, rises.Count < 2 ? 0 : minGap, threshold, maxJump);
    }

    /// <summary>
    /// The curve's value on each plateau: before the first rise, between consecutive rises (the last row before the
    /// next rise) and at the end — e.g. the reconstruction error stepping 1 → 0.82 → 0.56 → … (TF-E1).
    /// </summary>
    public double[] PlateauValues(IReadOnlyList<double> iterations, IReadOnlyList<double> curve)
    {
        var values = new List<double>();
        foreach (var rise in RiseIterations)
        {
            int before = -1;
            for (int t = 0; t < iterations.Count && iterations[t] < rise; t++) before = t;
            values.Add(before >= 0 ? curve[before] : curve[0]);
        }
        values.Add(curve[^1]);
        return [.. values];
    }
}
