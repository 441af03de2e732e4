using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.TensorFactorization;

/// <summary>One logged GD state of an α-sweep run: GF time τ, loss, the end tensor and the component norms sorted descending.</summary>
public sealed record CpSweepState(long Step, double Time, double Loss, double[] End, double[] SortedNorms);

/// <summary>
/// Small CP completion problems with a low-rank target for the α → 0 claims TF-4 and TF-5 (theory.md §5): order 3,
/// D = 4, R = 4 components, a CP-rank-k ground truth of Frobenius norm 3, 48 of the 64 entries observed,
/// ℓ = ½Σ_Ω; init w_r^n ~ 𝒩(0, α²I) (seeded), plain GD.
/// </summary>
public static class CpAlphaSweep
{
    public const int Order = 3, Dim = 4, Rank = 4, Observed = 48;
    public const double TargetNorm = 3;

    /// <summary>The instance with target CP rank <paramref name="targetRank"/> and init scale α; the same target and init directions for every α.</summary>
    public static (CpInstance Instance, double[] Target) Create(int targetRank, double alpha, int seed) =>
        Create(GroundTruth.CpTensor(Enumerable.Repeat(Dim, Order).ToArray(), targetRank, seed, TargetNorm), $"CP-rank-{targetRank} target", alpha, seed);

    /// <summary>Target Σ_k weights[k]·𝒯_k with 𝒯_k unit-norm random rank-one tensors (seeds seed + 10k), rescaled to ‖·‖_F = <see cref="TargetNorm"/>.</summary>
    public static (CpInstance Instance, double[] Target) CreateWeighted(double[] weights, double alpha, int seed)
    {
        var dims = Enumerable.Repeat(Dim, Order).ToArray();
        var target = new double[dims.Aggregate(1, (a, b) => a * b)];
        for (int k = 0; k < weights.Length; k++)
        {
            var t = GroundTruth.CpTensor(dims, 1, seed + 10 * k, 1);
            for (int i = 0; i < target.Length; i++) target[i] += weights[k] * t[i];
        }
        double norm = Math.Sqrt(target.Sum(x => x * x));
        for (int i = 0; i < target.Length; i++) target[i] *= TargetNorm / norm;
        return Create(target, $"target Σ weights [{string.Join(", ", weights)}] · unit rank-one", alpha, seed);
    }

    private static (CpInstance Instance, double[] Target) Create(double[] target, string targetText, double alpha, int seed)
    {
        var dims = Enumerable.Repeat(Dim, Order).ToArray();
        var model = new CpFactorization(dims, Rank);
        var split = Observations.Sample(model.EndShape, Observed, seed + 1);
        var y = split.Train.Select(i => target[i]).ToArray();
        var objective = new Objective(model, new CompletionLoss(model.EndShape, split.Train, y, LossNormalization.HalfSum));
        var theta = GaussianInit.Sample(model, alpha, seed + 2);
        return (new CpInstance(model, objective, theta, $"N={Order}, D={Dim}, R={Rank}, {targetText} (‖·‖_F = {TargetNorm}), {Observed} observed, α = {alpha}, seed {seed}"), target);
    }

    /// <summary>GD with step η; every <paramref name="every"/>-th state is passed to <paramref name="visit"/> until it returns false or <paramref name="maxSteps"/>.</summary>
    public static CpSweepState Run(CpInstance c, double eta, long maxSteps, int every, Func<CpSweepState, bool> visit)
    {
        var sim = new Simulation(c.Objective, new GradientDescent(eta), c.Theta);
        var m = c.Model;
        CpSweepState state = null!;
        for (long k = 0; k <= maxSteps; k++)
        {
            if (k % every == 0 || k == maxSteps)
            {
                var end = new double[m.EndShape.Size];
                m.End(sim.Theta, end);
                var norms = ComponentNorm.TopK(m, sim.Theta, m.Rank);
                state = new CpSweepState(k, sim.Time, sim.Loss, end, norms);
                if (!visit(state) || !double.IsFinite(sim.Loss)) return state;
            }
            if (k < maxSteps) sim.Step();
        }
        return state;
    }

    /// <summary>
    /// GD with step η logged every <paramref name="every"/> steps until the loss is below <paramref name="lossTolerance"/> (or
    /// not finite) at a logged step, or <paramref name="maxSteps"/>; the last logged state (runs on <paramref name="runs"/>).
    /// </summary>
    public static CpSweepState RunUntilLoss(CpInstance c, double eta, long maxSteps, int every, double lossTolerance, ITrajectorySource? runs = null)
    {
        var iterates = (runs ?? ManagedTrajectories.Instance).RunOne(new TrajectoryRequest(c.Objective, c.Theta, () => new GradientDescent(eta), maxSteps, every, lossTolerance));
        var end = new double[c.Model.EndShape.Size];
        c.Model.End(iterates.Final, end);
        return new CpSweepState(iterates.Iterations[^1], iterates.Times[^1], iterates.Losses[^1], end, ComponentNorm.TopK(c.Model, iterates.Final, c.Model.Rank));
    }

    /// <summary>max over the mode-n unfoldings of σ₂/σ₁ (0 for a rank-one tensor): the distance of 𝒲_e to rank one, relative.</summary>
    public static double SecondToFirst(CpFactorization m, double[] end)
    {
        double worst = 0;
        for (int n = 0; n < m.Order; n++)
        {
            var s = Matricization.SingularValues(m.EndShape, end, [n]);
            worst = Math.Max(worst, s[0] == 0 ? 0 : s[1] / s[0]);
        }
        return worst;
    }

    /// <summary>‖𝒲_e − 𝒲*‖_F / ‖𝒲*‖_F over all entries.</summary>
    public static double RelativeError(double[] end, double[] target) =>
        Math.Sqrt(end.Zip(target).Sum(p => (p.First - p.Second) * (p.First - p.Second))) / Math.Sqrt(target.Sum(x => x * x));
}
