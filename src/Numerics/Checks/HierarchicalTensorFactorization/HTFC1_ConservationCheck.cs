using ImplicitReg.Numerics.Models;
using Htf = ImplicitReg.Numerics.Models.HierarchicalTensorFactorization;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;

/// <summary>
/// HTF-C1 numerically: (1) at random unbalanced points the gradient-flow rates d/dt‖a‖² = 2⟨a, −∇_aφ⟩ of the K_ν
/// vectors of every local component agree (relative to the largest rate); (2) under GD over a fixed horizon
/// the drift of the differences shrinks as η — observed order ≈ 1.
/// </summary>
public sealed class HTFC1_ConservationCheck : IClaimCheck
{
    public string ClaimId => "HTF-C1";

    /// <summary>max over local components and pairs a, b of |d/dt(‖a‖² − ‖b‖²)| / max |d/dt‖a‖²| under θ̇ = −∇φ(θ).</summary>
    public static double RelativeRate(HtfInstance c)
    {
        var (_, grad) = c.Gradients(c.Theta);
        var m = c.Model;
        double worst = 0, scale = 1e-300;
        foreach (int v in m.Tree.InteriorNodes)
        {
            var rates = new double[m.Tree.K(v)];
            for (int r = 0; r < m.Width(v); r++)
            {
                m.LocalComponentInnerProducts(c.Theta, grad, v, r, rates);
                for (int a = 0; a < rates.Length; a++)
                {
                    scale = Math.Max(scale, Math.Abs(2 * rates[a]));
                    for (int b = a + 1; b < rates.Length; b++) worst = Math.Max(worst, Math.Abs(2 * rates[a] - 2 * rates[b]));
                }
            }
        }
        return worst / scale;
    }

    /// <summary>All differences ‖a‖² − ‖b‖² of all local components at θ.</summary>
    public static double[] Differences(Htf m, ReadOnlySpan<double> theta)
    {
        var result = new List<double>();
        foreach (int v in m.Tree.InteriorNodes)
        {
            var squared = new double[m.Tree.K(v)];
            for (int r = 0; r < m.Width(v); r++)
            {
                m.LocalComponentSquaredNorms(theta, v, r, squared);
                for (int a = 0; a < squared.Length; a++)
                    for (int b = a + 1; b < squared.Length; b++) result.Add(squared[a] - squared[b]);
            }
        }
        return result.ToArray();
    }

    /// <summary>max |difference(T) − difference(0)| under GD with step η up to time T.</summary>
    public static double GdDrift(HtfInstance c, double eta, double horizon, ITrajectorySource? runs = null)
    {
        long steps = (long)Math.Round(horizon / eta);
        var theta = runs.End(c.Objective, c.Theta, () => new GradientDescent(eta), steps);
        var before = Differences(c.Model, c.Theta);
        var after = Differences(c.Model, theta);
        return before.Zip(after, (x, y) => Math.Abs(x - y)).Max();
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var models = new[]
        {
            Htf.Checkerboard(4, 3, 3),
            new Htf(ModeTree.FromNested("((0,1),2)"), [2, 3, 2], [2, 3]),
            new Htf(HtfInstance.RandomNested(5, options.Seed), [2, 2, 3, 2, 2], 2),
        };
        foreach (var model in models)
        {
            var c = HtfInstance.Random(model, options.Seed + model.Tree.Order, balanced: false);
            rows.Add(new EvidenceRow($"GF rate of the differences, {c}", RelativeRate(c), 1e-12));
        }
        var inst = HtfInstance.Random(Htf.Checkerboard(4, 2, 2), options.Seed, balanced: false);
        double eta = 0.05, horizon = 1;
        var drifts = new[] { eta, eta / 2, eta / 4 }.Select(e => GdDrift(inst, e, horizon, options.Runs)).ToArray();
        double order = Math.Log2(drifts[1] / drifts[2]);
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"GD drift at η = {eta / (1 << i)} over τ = {horizon}, {inst} (≈ c·η, not a GF error)", 0, 0, $"drift {drifts[i]:0.000e+0}"));
        return new NumericEvidence(rows, order, (0.8, 1.2));
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, g => HtfInstance.Random(g, balanced: false), c => RelativeRate(c) < 1e-12);
}
