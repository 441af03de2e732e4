namespace ImplicitReg.Numerics.Baselines;

/// <summary>Settings of <see cref="CpRank.Estimate"/>; the defaults are RC20's (theory.md §1.1 "CP rank estimate", §8.1 D).</summary>
public sealed record CpRankOptions
{
    public static CpRankOptions Rc20 { get; } = new();

    /// <summary>A rank r is accepted when its CP-ALS fit reaches MSE &lt; this.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>ALS sweeps per fit.</summary>
    public int MaxSweeps { get; init; } = 1000;

    /// <summary>Seed of the fits; the fit with r components, restart k uses <see cref="CpRank.FitSeed"/>(Seed, r, k).</summary>
    public int Seed { get; init; }

    /// <summary>ALS runs per probed rank (the best MSE counts). 1 = RC20's single run; more is opt-in.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Upper end of the search; null: R_max = Π_n D_n / max_n D_n (an upper bound on the CP rank).</summary>
    public int? MaxRank { get; init; }

    /// <summary>A tensor with every |entry| ≤ this has rank 0 (RC20: torch.allclose(𝒯, 0), whose atol is 10⁻⁸).</summary>
    public double ZeroTolerance { get; init; } = 1e-8;

    internal void Validate()
    {
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance)) throw new ArgumentOutOfRangeException("options", $"options.Tolerance must be finite and > 0, got {Tolerance}.");
        if (MaxSweeps < 1) throw new ArgumentOutOfRangeException("options", $"options.MaxSweeps must be ≥ 1, got {MaxSweeps}.");
        if (Restarts < 1) throw new ArgumentOutOfRangeException("options", $"options.Restarts must be ≥ 1, got {Restarts}.");
        if (MaxRank is < 1) throw new ArgumentOutOfRangeException("options", $"options.MaxRank must be ≥ 1, got {MaxRank}.");
        if (!(ZeroTolerance >= 0)) throw new ArgumentOutOfRangeException("options", $"options.ZeroTolerance must be ≥ 0, got {ZeroTolerance}.");
    }
}

/// <summary>One probed rank of the binary search: the best fit over the restarts.</summary>
public sealed record CpRankProbe(int Rank, double Mse, int Sweeps, bool Accepted)
{
    public override string ToString() => $"r={Rank}: MSE {Mse:E3} ({Sweeps} sweeps){(Accepted ? " ✓" : "")}";
}

/// <summary>The estimate and the probes that led to it, in search order.</summary>
public sealed record CpRankEstimate(int Rank, int MaxRank, IReadOnlyList<CpRankProbe> Probes)
{
    public override string ToString() => $"CP rank ≈ {Rank} (search over 1…{MaxRank}: {string.Join(", ", Probes)})";
}

/// <summary>
/// RC20's CP-rank estimate (theory.md §1.1, §8.1 D; evaluators/tensor_rank_metrics.py L36–109): the smallest r whose
/// CP-ALS fit (<see cref="CpAls"/>) reaches MSE = (1/#entries)‖𝒯 − 𝒯̂_r‖² &lt; tol, found by binary search over
/// [1, R_max] assuming acceptance is monotone in r; rank 0 for the zero tensor; R_max itself when no probe is accepted.
/// <para>
/// An estimate, not the rank: ALS is a local method from a random start, so a fit with r ≥ rank(𝒯) components can
/// fail to reach the tolerance within the sweeps (swamps, degenerate components) and the search then moves up — the
/// estimate can overshoot, as RC20's does (opt-in <see cref="CpRankOptions.Restarts"/> reduce that). It can also
/// undershoot: the tolerance is an absolute MSE, so a tensor that a lower-rank CP fits to MSE &lt; tol (e.g. small
/// entries) gets that lower rank. Deterministic given the options' seed.
/// </para>
/// </summary>
public static class CpRank
{
    /// <param name="tensor">𝒯 in C order, finite entries.</param>
    /// <param name="dims">D_1 … D_N, Π D_n = tensor.Length.</param>
    /// <param name="options">null: <see cref="CpRankOptions.Rc20"/>.</param>
    public static CpRankEstimate Estimate(ReadOnlySpan<double> tensor, int[] dims, CpRankOptions? options = null)
    {
        options ??= CpRankOptions.Rc20;
        CpAls.ValidateTensor(tensor, dims);
        options.Validate();
        int maxRank = options.MaxRank ?? MaxPossibleRank(dims);
        var probes = new List<CpRankProbe>();
        bool zero = true;
        foreach (double t in tensor)
            if (Math.Abs(t) > options.ZeroTolerance) { zero = false; break; }
        if (zero) return new CpRankEstimate(0, maxRank, probes);

        int lo = 1, hi = maxRank, best = maxRank;
        while (lo <= hi)
        {
            int mid = lo + (hi - lo) / 2;
            var probe = Probe(tensor, dims, mid, options);
            probes.Add(probe);
            if (probe.Accepted) { best = mid; hi = mid - 1; }
            else lo = mid + 1;
        }
        return new CpRankEstimate(best, maxRank, probes);
    }

    /// <summary>R_max = Π_n D_n / max_n D_n: every tensor has CP rank ≤ this (RC20's search bound).</summary>
    public static int MaxPossibleRank(int[] dims)
    {
        long product = 1;
        foreach (int d in dims) product *= d;
        return (int)(product / dims.Max());
    }

    /// <summary>The seed of restart <paramref name="restart"/> of the fit with <paramref name="rank"/> components (independent of the search path).</summary>
    public static int FitSeed(int seed, int rank, int restart) => unchecked(seed * 1_000_003 + rank * 7919 + restart * 104_729);

    private static CpRankProbe Probe(ReadOnlySpan<double> tensor, int[] dims, int rank, CpRankOptions options)
    {
        var workspace = new CpAls.Workspace(tensor, dims, rank);
        CpAlsFit? best = null;
        for (int k = 0; k < options.Restarts; k++)
        {
            var fit = workspace.Fit(FitSeed(options.Seed, rank, k), options.MaxSweeps, options.Tolerance);
            if (best is null || fit.Mse < best.Mse) best = fit;
            if (fit.Converged) break;
        }
        return new CpRankProbe(rank, best!.Mse, best.Sweeps, best.Converged);
    }
}
