using ImplicitReg.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitReg.Numerics.Checks.MatrixFactorization;

/// <summary>A point W (rows×cols, full rank) of the MF-4 field for ℓ(W) = ½‖W − Y‖² (∇ℓ = W − Y, so ∇ℓ(0) = −Y), depth N.</summary>
public sealed record Mf4Instance(int Depth, Matrix<double> W, Matrix<double> Y, string Description)
{
    public override string ToString() => Description;

    public static Mf4Instance Random(int depth, int rows, int cols, int seed, bool zeroTarget = false)
    {
        var g = new Gaussian(seed);
        var w = new double[rows * cols];
        var y = new double[rows * cols];
        g.Fill(w, 1);
        if (!zeroTarget) g.Fill(y, 1);
        return new Mf4Instance(depth, Matrix<double>.Build.DenseOfRowMajor(rows, cols, w), Matrix<double>.Build.DenseOfRowMajor(rows, cols, y),
            $"N={depth}, {rows}×{cols}, seed {seed}{(zeroTarget ? ", Y = 0 (∇ℓ(0) = 0)" : "")}");
    }

    /// <summary>Depth 2–4, rows and columns 2–4 each, Y ≠ 0.</summary>
    public static Mf4Instance Random(Gaussian g) => Random(2 + g.NextInt(3), 2 + g.NextInt(3), 2 + g.NextInt(3), g.NextInt(1_000_000));
}

/// <summary>
/// MF-4 numerically. F(W) = −Σ_j [WWᵀ]^{(j−1)/N}(W − Y)[WᵀW]^{(N−j)/N} (MF-1's rule, <see cref="MfEndToEnd.Rule(Matrix{double}, Matrix{double}, int)"/>)
/// is a gradient field near a point iff its Jacobian J (central differences, h = 1e−5) is symmetric. (1) At random
/// full-rank points (N = 2–4, square and rectangular) the antisymmetry ‖J − Jᵀ‖_F/‖J‖_F is far above the rounding floor.
/// (2) Stokes: in the plane (u, v) of the largest antisymmetric pair (u the top singular vector of J − Jᵀ, v ∝ (J − Jᵀ)u)
/// the circulation ∮F·dW around a circle of radius r (trapezoid rule, 256 nodes) over the area πr² matches
/// vᵀ(J − Jᵀ)u ≠ 0 with error O(r²) (observed order ≈ 2 over r, r/2, r/4), so small loops have non-zero circulation.
/// Controls (assumption violated, the field becomes a gradient and J symmetric to rounding): N = 1 (F = −∇ℓ) and
/// Y = 0 (∇ℓ(0) = 0: F = −N W(WᵀW)^{(N−1)/N} = −∇ N tr((WᵀW)^{(2N−1)/N})/(2(2N−1)/N)).
/// </summary>
public sealed class MF4_NotAGradientFieldCheck : IClaimCheck
{
    public string ClaimId => "MF-4";

    /// <summary>‖J − Jᵀ‖/‖J‖ of a gradient field measured with h = 1e−5 stays below this (observed ≲ 1e−9).</summary>
    public const double SymmetricFloor = 1e-6;

    /// <summary>The claim's row passes when the antisymmetry is at least SymmetricFloor / RowTolerance = 1e−4.</summary>
    public const double RowTolerance = 1e-2;

    public const double Step = 1e-5;

    public static Matrix<double> Field(Mf4Instance c, Matrix<double> w) => MfEndToEnd.Rule(w, w - c.Y, c.Depth);

    /// <summary>J[a, b] = ∂F_a/∂W_b (row-major vec), by central differences.</summary>
    public static Matrix<double> Jacobian(Mf4Instance c)
    {
        int rows = c.W.RowCount, cols = c.W.ColumnCount, n = rows * cols;
        var j = Matrix<double>.Build.Dense(n, n);
        for (int b = 0; b < n; b++)
        {
            var plus = c.W.Clone();
            var minus = c.W.Clone();
            plus[b / cols, b % cols] += Step;
            minus[b / cols, b % cols] -= Step;
            var d = (Field(c, plus) - Field(c, minus)).ToRowMajorArray();
            for (int a = 0; a < n; a++) j[a, b] = d[a] / (2 * Step);
        }
        return j;
    }

    /// <summary>‖J − Jᵀ‖_F / ‖J‖_F (0 for a gradient field).</summary>
    public static double Antisymmetry(Mf4Instance c)
    {
        var j = Jacobian(c);
        return (j - j.Transpose()).FrobeniusNorm() / j.FrobeniusNorm();
    }

    /// <summary>The evidence value: SymmetricFloor / antisymmetry (small iff J is far from symmetric).</summary>
    public static double FloorOverAntisymmetry(Mf4Instance c) => SymmetricFloor / Math.Max(Antisymmetry(c), 1e-300);

    /// <summary>The plane (u, v) of the largest antisymmetric pair and the curl vᵀ(J − Jᵀ)u = ⟨Ju, v⟩ − ⟨Jv, u⟩ there.</summary>
    public static (Vector<double> U, Vector<double> V, double Curl, double Scale) Plane(Mf4Instance c)
    {
        var j = Jacobian(c);
        var k = j - j.Transpose();
        var u = k.Svd(true).VT.Row(0);
        var ku = k * u;
        var v = ku / ku.L2Norm();
        return (u, v, v * (k * u), j.FrobeniusNorm());
    }

    /// <summary>∮F·dW around W + r(cos t·u + sin t·v), t ∈ [0, 2π), by the trapezoid rule with <paramref name="nodes"/> nodes.</summary>
    public static double Circulation(Mf4Instance c, Vector<double> u, Vector<double> v, double r, int nodes)
    {
        int rows = c.W.RowCount, cols = c.W.ColumnCount;
        double sum = 0;
        for (int i = 0; i < nodes; i++)
        {
            double t = 2 * Math.PI * i / nodes;
            var offset = r * (Math.Cos(t) * u + Math.Sin(t) * v);
            var tangent = r * (-Math.Sin(t) * u + Math.Cos(t) * v);
            var f = Field(c, c.W + Matrix<double>.Build.DenseOfRowMajor(rows, cols, offset.ToArray()));
            sum += Vector<double>.Build.DenseOfArray(f.ToRowMajorArray()) * tangent;
        }
        return sum * 2 * Math.PI / nodes;
    }

    /// <summary>|∮F·dW/(πr²) − curl| / |curl| in the plane of the largest antisymmetric pair.</summary>
    public static double StokesError(Mf4Instance c, double r, int nodes = 256)
    {
        var (u, v, curl, _) = Plane(c);
        return Math.Abs(Circulation(c, u, v, r, nodes) / (Math.PI * r * r) - curl) / Math.Abs(curl);
    }

    public static readonly (int Depth, int Rows, int Cols)[] Shapes = [(2, 2, 2), (2, 3, 3), (3, 3, 3), (4, 3, 3), (3, 2, 4), (2, 4, 3)];

    private static EvidenceRow Row(string text, Mf4Instance c)
    {
        double a = Antisymmetry(c);
        return new EvidenceRow($"{text}, {c}: value = {SymmetricFloor:0e+0} / (‖J − Jᵀ‖/‖J‖), passes iff the antisymmetry ≥ {SymmetricFloor / RowTolerance:0e+0}",
            SymmetricFloor / Math.Max(a, 1e-300), RowTolerance, $"‖J − Jᵀ‖/‖J‖ = {a:0.###e+0}");
    }

    public NumericEvidence Numeric(CheckOptions options)
    {
        var rows = new List<EvidenceRow>();
        var shapes = options.Thorough ? [.. Shapes, (5, 4, 4), (3, 4, 2)] : Shapes;
        for (int i = 0; i < shapes.Length; i++)
            rows.Add(Row("Jacobian of F is not symmetric", Mf4Instance.Random(shapes[i].Depth, shapes[i].Rows, shapes[i].Cols, options.Seed + 17 * i)));
        var loop = Mf4Instance.Random(3, 3, 3, options.Seed + 5);
        double r = 0.02;
        var errors = new[] { r, r / 2, r / 4 }.Select(x => StokesError(loop, x)).ToArray();
        var (_, _, curl, scale) = Plane(loop);
        for (int i = 0; i < 3; i++)
            rows.Add(new EvidenceRow($"Stokes: ∮F·dW/(πr²) around a circle of radius r = {r / (1 << i)} (256 nodes) vs curl vᵀ(J − Jᵀ)u ≠ 0, {loop}",
                errors[i], 1e-2, $"curl/‖J‖ = {curl / scale:0.###e+0}"));
        double order = Math.Log2(errors[1] / errors[2]);
        var controls = new List<EvidenceRow>
        {
            Row("control (N = 1, F = −∇ℓ)", Mf4Instance.Random(1, 3, 3, options.Seed + 1)),
            Row("control (N = 1, F = −∇ℓ)", Mf4Instance.Random(1, 2, 4, options.Seed + 2)),
            Row("control (∇ℓ(0) = 0)", Mf4Instance.Random(2, 3, 3, options.Seed + 3, zeroTarget: true)),
            Row("control (∇ℓ(0) = 0)", Mf4Instance.Random(3, 3, 3, options.Seed + 4, zeroTarget: true)),
        };
        return new NumericEvidence(rows, order, (1.8, 2.2), controls);
    }

    public PropertyEvidence Properties(CheckOptions options) =>
        PropertyRunner.Run(options.PropertyCases, options.Seed, Mf4Instance.Random, c => FloorOverAntisymmetry(c) <= RowTolerance);
}
