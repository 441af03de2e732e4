using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Numerics.Training;
using ImplicitReg.Theory.Symbolic;
using Dt21 = ImplicitReg.Theory.Claims.DeepTensorFactorization.DT21_SliceNormDynamics;

namespace ImplicitReg.Numerics.Checks.DeepTensorFactorization;

/// <summary>
/// DT-2.1 numerically: random θ, then chain (n, i) set balanced and rank one (M_{:,i} = c·w_L, P_{i,k} = c·w_k w_{k+1}ᵀ, unit w_k)
/// and core slice i along mode n rescaled to norm c; ṡ = ⟨𝒢_i, 𝒢̇_i⟩/s exactly and ḟ by a 5-point stencil (exact for the
/// degree-L polynomial f(θ + hv), L ≤ 3), against the compiled γ̃ s^L and (L+1) γ̃ Q^{2−2/(L+1)}. Control: the same
/// measurement at the Gaussian point (chain not balanced). (Construction moved from DeepTuckerDynamicsProperties.)
/// </summary>
public sealed class DT21_SliceNormDynamicsCheck : IClaimCheck
{
    public string ClaimId => "DT-2.1";

    private static readonly Func<double[], double> SLaw = Evaluation.Compile(Dt21.SliceRate, [Dt21.L, Dt21.S, Dt21.Gamma]);
    private static readonly Func<double[], double> QLaw = Evaluation.Compile(Dt21.ProductRate, [Dt21.L, Dt21.Q, Dt21.Gamma]);

    /// <summary>Sets chain (n, i) of θ balanced and rank one with scale c (in place).</summary>
    public static void BalanceChain(DeepTuckerFactorization model, double[] theta, int n, int i, double cNorm, Gaussian g)
    {
        int d = model.Dims[n], r = model.Ranks[n], depth = model.Depth;
        var w = new double[depth + 1][];
        for (int k = 1; k <= depth; k++)
        {
            w[k] = new double[d];
            g.Fill(w[k], 1);
            double norm = Math.Sqrt(w[k].Sum(x => x * x));
            for (int a = 0; a < d; a++) w[k][a] /= norm;
        }
        var m = model.M(theta.AsSpan(), n);
        for (int a = 0; a < d; a++) m[a * r + i] = cNorm * w[depth][a];
        for (int k = 1; k < depth; k++)
        {
            var p = model.Chain(theta.AsSpan(), n, i, k);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) p[a * d + b] = cNorm * w[k][a] * w[k + 1][b];
        }
        var shape = model.CoreShape;
        var core = model.Core(theta.AsSpan());
        double s0 = CoreSliceNorms.Compute(core, shape, n)[i];
        var index = new int[shape.Order];
        for (int e = 0; e < shape.Size; e++)
        {
            shape.MultiIndex(e, index);
            if (index[n] == i) core[e] *= cNorm / s0;
        }
    }

    /// <summary>max(|ṡ − γ̃s^L|/|ṡ|, |Q̇ − law|/scale) for slice (n, i) at θ.</summary>
    public static double RelativeError(DeepTuckerInstance c, double[] theta, int n, int i)
    {
        var model = c.Model;
        int d = model.Dims[n], r = model.Ranks[n], depth = model.Depth;
        var velocity = c.Velocity(theta);
        var shape = model.CoreShape;
        var index = new int[shape.Order];
        var end = new double[model.EndShape.Size];
        var endGradient = new double[end.Length];
        model.End(theta, end);
        c.Objective.Loss.ValueAndGradient(end, endGradient);
        var only = (double[])theta.Clone();
        var onlyCore = model.Core(only.AsSpan());
        for (int e = 0; e < shape.Size; e++)
        {
            shape.MultiIndex(e, index);
            if (index[n] != i) onlyCore[e] = 0;
        }
        var slice = new double[end.Length];
        model.End(only, slice);
        var components = SliceComponents.Of(model, theta);
        double s = components.SliceNorms[n][i], f = components.ColumnNorms[n][i], q = components.Q[n][i];
        double gamma = -endGradient.Zip(slice, (x, y) => x * y).Sum() / (s * f);
        double sDot = 0;
        var core = model.Core((ReadOnlySpan<double>)theta);
        var coreVelocity = model.Core((ReadOnlySpan<double>)velocity);
        for (int e = 0; e < shape.Size; e++)
        {
            shape.MultiIndex(e, index);
            if (index[n] == i) sDot += core[e] * coreVelocity[e];
        }
        sDot /= s;
        double h = 0.1 * Math.Sqrt(theta.Sum(x => x * x) / velocity.Sum(x => x * x));
        var fDot = new double[d];
        var factors = new double[model.Tucker.FactorsSize];
        foreach (var (weight, step) in new[] { (1.0, -2.0), (-8.0, -1.0), (8.0, 1.0), (-1.0, 2.0) })
        {
            model.EndFactors(theta.Zip(velocity, (t, v) => t + step * h * v).ToArray(), factors);
            var u = model.Tucker.Factor((ReadOnlySpan<double>)factors, n);
            for (int a = 0; a < d; a++) fDot[a] += weight * u[a * r + i] / (12 * h);
        }
        model.EndFactors(theta, factors);
        var u0 = model.Tucker.Factor((ReadOnlySpan<double>)factors, n);
        double fNormDot = 0;
        for (int a = 0; a < d; a++) fNormDot += u0[a * r + i] * fDot[a];
        fNormDot /= f;
        double qDot = sDot * f + s * fNormDot;
        double qScale = Math.Abs(sDot * f) + Math.Abs(s * fNormDot);
        double sErr = Math.Abs(sDot - SLaw([depth, s, gamma])) / Math.Max(Math.Abs(sDot), 1e-300);
        double qErr = Math.Abs(qDot - QLaw([depth, q, gamma])) / Math.Max(qScale, 1e-300);
        return Math.Max(sErr, qErr);
    }

    /// <summary>A random instance with a balanced chain at a random (n, i): the error of the laws there.</summary>
    public static double BalancedError(DeepTuckerInstance c, int seed)
    {
        var g = new Gaussian(seed);
        int n = g.NextInt(c.Model.Order), i = g.NextInt(c.Model.Ranks[n]);
        var theta = (double[])c.Theta.Clone();
        BalanceChain(c.Model, theta, n, i, 0.5 + g.NextInt(1000) / 1000.0, g);
        return RelativeError(c, theta, n, i);
    }

    /// <summary>Orders 1–3, D_n ∈ {2, 3}, R_n 1–3, depth 1–3 (the 5-point stencil is exact up to degree 4).</summary>
    public static DeepTuckerInstance RandomForSlices(Gaussian g)
    {
        int order = 1 + g.NextInt(3);
        var dims = Enumerable.Range(0, order).Select(_ => 2 + g.NextInt(2)).ToArray();
        var ranks = Enumerable.Range(0, order).Select(_ => 1 + g.NextInt(3)).ToArray();
        return DeepTuckerInstance.Random(dims, ranks, 1 + g.NextInt(3), g.NextInt(1_000_000));
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        foreach (int depth in new[] { 1, 2, 3 })
            for (int s = 0; s < 2; s++)
            {
                var c = DeepTuckerInstance.Random([3, 2, 3], [3, 2, 3], depth, options.Seed + 10 * depth + s);
                rows.Add(new EvidenceRow($"ṡ vs γ̃s^L and Q̇ vs (L+1)γ̃Q^(2−2/(L+1)) at a balanced chain, {c}", BalancedError(c, options.Seed + s), 1e-8));
            }
        var ctl = DeepTuckerInstance.Random([3, 3, 3], [3, 3, 3], 2, options.Seed + 3);
        var controls = new List<EvidenceRow> { new($"control (assumption violated): Gaussian point (chain not balanced), {ctl}", RelativeError(ctl, ctl.Theta, 0, 0), 1e-8) };
        return new NumericEvidence(rows, Controls: controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed,
            g => (Instance: RandomForSlices(g), Seed: g.NextInt(1_000_000)),
            x => BalancedError(x.Instance, x.Seed) <= 1e-8, x => $"{x.Instance}, pick {x.Seed}");
}
