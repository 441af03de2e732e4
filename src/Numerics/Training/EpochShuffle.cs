namespace ImplicitReg.Numerics.Training;

/// <summary>
/// The sample order of one epoch of minibatch training: a uniform permutation of 0 … m − 1 that depends only on
/// (seed, epoch) — Fisher–Yates driven by SplitMix64 seeded from both, with Lemire's unbiased bounded draws — so a
/// run stopped at any step and resumed draws the same batches (TF-E3, theory.md §5.2: batches reshuffled every
/// epoch). Platform-independent integer arithmetic; allocation-free.
/// </summary>
public static class EpochShuffle
{
    public static void Fill(int seed, long epoch, Span<int> permutation)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Epochs are numbered from 0.");
        for (int i = 0; i < permutation.Length; i++) permutation[i] = i;
        var random = new SplitMix64(unchecked(((ulong)(uint)seed << 32) ^ (ulong)epoch * 0xD1B54A32D192ED03UL));
        for (int i = permutation.Length - 1; i > 0; i--)
        {
            int j = (int)random.Below((ulong)i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }
    }

    /// <summary>Steele, Lea &amp; Flood's SplitMix64 (the seeding generator of xoshiro).</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, n) (Lemire 2019: multiply-shift with rejection of the biased low products).</summary>
        public ulong Below(ulong n)
        {
            ulong high = Math.BigMul(Next(), n, out ulong low);
            if (low < n)
            {
                ulong threshold = unchecked(0 - n) % n;
                while (low < threshold) high = Math.BigMul(Next(), n, out low);
            }
            return high;
        }
    }
}
