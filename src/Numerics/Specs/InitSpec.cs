using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.IO;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Specs;

/// <summary>The initial parameters θ₀ (the config's <c>init</c> section).</summary>
public abstract record InitSpec
{
    public abstract double[] Build(IFactorization model);
}

/// <summary>
/// Seeded Gaussian θ₀ with a named scale convention (theory.md §1). <see cref="Balanced"/>: deep MF — split a
/// Gaussian product of that scale (§8.1 B); CP — rescale each component to its geometric-mean norm; HTF — the
/// balanced constructor with vector norm <c>scale</c>; other models — not available (an error names the model).
/// </summary>
public sealed record GaussianInitSpec(double Scale, InitScaleConvention Convention, int Seed, bool Balanced) : InitSpec
{
    public override double[] Build(IFactorization model)
    {
        var theta = new double[model.Layout.Size];
        switch (model)
        {
            case DeepMatrixFactorization mf when Balanced:
                {
                    var product = new double[model.EndShape.Size];
                    Initialization.GaussianInit.Fill(product, Scale, Seed);
                    MatrixInitialization.Balanced(mf, theta, product);
                    break;
                }
            case DeepMatrixFactorization mf:
                MatrixInitialization.Gaussian(mf, theta, Scale, Convention, Seed);
                break;
            case CpFactorization cp:
                Initialization.GaussianInit.Fill(theta, Scale, Seed);
                if (Balanced) BalancedCp.Rescale(cp, theta);
                break;
            case HierarchicalTensorFactorization htf when Balanced:
                BalancedHtf.Fill(htf, theta, Scale, Seed);
                break;
            case DeepTuckerFactorization dt when Convention == InitScaleConvention.H24CodeStd:
                DeepTuckerInit.Fill(dt, theta, Scale, Seed);
                break;
            default:
                if (Balanced) throw new ArgumentException($"init.balanced is not available for {model.Name}.");
                if (Convention is not (InitScaleConvention.RmcEntryStd or InitScaleConvention.Rc20LayerStd))
                    throw new ArgumentException($"init.convention {Convention} does not apply to {model.Name}; use rmc-entry-std.");
                Initialization.GaussianInit.Fill(theta, Scale, Seed);
                break;
        }
        return theta;
    }
}

/// <summary>Deep MF: every layer = scale^{1/N}·I (ACHL19 "identity" init, end-to-end scale·I; theory.md §3.2).</summary>
public sealed record IdentityInitSpec(double Scale) : InitSpec
{
    public override double[] Build(IFactorization model)
    {
        if (model is not DeepMatrixFactorization mf) throw new ArgumentException($"init.kind 'identity' needs a deep-mf model, not {model.Name}.");
        var theta = new double[model.Layout.Size];
        MatrixInitialization.Identity(mf, theta, Scale);
        return theta;
    }
}

/// <summary>θ₀ read from a NumPy file: one float64 vector of the model's parameter count (layout in README).</summary>
public sealed record NpyInit(string Path) : InitSpec
{
    public override double[] Build(IFactorization model) => Npy.ReadFloat64(Path, [model.Layout.Size]);
}
