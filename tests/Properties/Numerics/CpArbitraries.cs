using FsCheck;
using FsCheck.Fluent;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>A random CP instance: the factorization and a seed for θ and the loss.</summary>
public sealed record CpCase(CpFactorization Model, int Seed)
{
    public override string ToString() => $"{Model.Name}, seed {Seed}";
}

/// <summary>A random deep-CP instance: the factorization and a seed for θ and the loss.</summary>
public sealed record DeepCpCase(DeepCpFactorization Model, int Seed)
{
    public override string ToString() => $"{Model.Name}, seed {Seed}";
}

/// <summary>Generators of CP and deep-CP instances: orders 1–4, mode sizes 1–4, ranks 1–4, depths 1–3.</summary>
public static class CpArbitraries
{
    private static Gen<int> Seed => Gen.Choose(0, 1_000_000);

    private static Gen<CpCase> CpOfOrder(int minOrder) =>
        from order in Gen.Choose(minOrder, 4)
        from dims in Gen.ArrayOf(Gen.Choose(1, 4), order)
        from rank in Gen.Choose(1, 4)
        from seed in Seed
        select new CpCase(new CpFactorization(dims, rank), seed);

    public static Arbitrary<CpCase> Cp() => CpOfOrder(1).ToArbitrary();

    /// <summary>N ≥ 2: the orders where balance is a constraint (for N = 1 every point is balanced).</summary>
    public static Arbitrary<CpCase> CpOfOrderAtLeastTwo() => CpOfOrder(2).ToArbitrary();

    public static Arbitrary<ModelCase> CpModel() => CpOfOrder(1).Select(c => new ModelCase(c.Model, c.Seed)).ToArbitrary();

    public static Arbitrary<ModelCase> DeepCpModel() =>
        (from order in Gen.Choose(1, 4)
         from dims in Gen.ArrayOf(Gen.Choose(1, 4), order)
         from rank in Gen.Choose(1, 4)
         from depth in Gen.Choose(1, 3)
         from hidden in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(1, 4), depth - 1), order)
         from defaultWidths in Gen.Elements(true, false)
         from seed in Seed
         select new ModelCase(defaultWidths ? new DeepCpFactorization(dims, rank, depth) : new DeepCpFactorization(dims, rank, hidden), seed)).ToArbitrary();

    /// <summary>Deep CP with D_n ≥ R and hidden widths R, so that A^(n) = Q^(n) diag(s^(n)) with orthonormal Q^(n) exists (DT-1).</summary>
    public static Arbitrary<DeepCpCase> AlignableDeepCp(int minDepth = 1, int maxDepth = 3) =>
        (from order in Gen.Choose(1, 4)
         from rank in Gen.Choose(1, 3)
         from extra in Gen.ArrayOf(Gen.Choose(0, 2), order)
         from depth in Gen.Choose(minDepth, maxDepth)
         from seed in Seed
         let dims = extra.Select(e => rank + e).ToArray()
         select new DeepCpCase(new DeepCpFactorization(dims, rank, dims.Select(_ => Enumerable.Repeat(rank, depth - 1).ToArray()).ToArray()), seed)).ToArbitrary();
}
