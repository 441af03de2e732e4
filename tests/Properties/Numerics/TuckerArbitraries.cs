using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Small plain and deep Tucker models: orders 1–3, mode and core sizes 1–3, depths 1–3.</summary>
public static class TuckerArbitraries
{
    private static Gen<int> Seed => Gen.Choose(0, 1_000_000);

    public static Gen<TuckerFactorization> TuckerModel =>
        from order in Gen.Choose(1, 3)
        from dims in Gen.ArrayOf(Gen.Choose(1, 3), order)
        from ranks in Gen.ArrayOf(Gen.Choose(1, 3), order)
        select new TuckerFactorization(dims, ranks);

    /// <summary>Deep Tucker with free core sizes (R_n ≠ D_n allowed) or the H24 code's R_n = D_n.</summary>
    public static Gen<DeepTuckerFactorization> DeepTuckerModel =>
        from order in Gen.Choose(1, 3)
        from depth in Gen.Choose(1, 3)
        from dims in Gen.ArrayOf(Gen.Choose(1, 3), order)
        from ranks in Gen.ArrayOf(Gen.Choose(1, 3), order)
        from codeShape in Gen.Elements(true, false)
        select codeShape ? new DeepTuckerFactorization(dims, depth) : new DeepTuckerFactorization(dims, ranks, depth);

    public static Arbitrary<ModelCase> Tucker() =>
        (from model in TuckerModel from seed in Seed select new ModelCase(model, seed)).ToArbitrary();

    public static Arbitrary<ModelCase> DeepTucker() =>
        (from model in DeepTuckerModel from seed in Seed select new ModelCase(model, seed)).ToArbitrary();

    /// <summary>A deep Tucker case of a given depth (for the per-depth DT-2.C properties).</summary>
    public static Arbitrary<ModelCase> DeepTuckerOfDepth(int depth) =>
        (from order in Gen.Choose(1, 3)
         from dims in Gen.ArrayOf(Gen.Choose(1, 3), order)
         from ranks in Gen.ArrayOf(Gen.Choose(1, 3), order)
         from seed in Seed
         select new ModelCase(new DeepTuckerFactorization(dims, ranks, depth), seed)).ToArbitrary();
}
