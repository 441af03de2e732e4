using System.Diagnostics;
using System.Globalization;
using ImplicitReg.Theory.Claims.TensorFactorization;
using ImplicitReg.Theory.Symbolic;

namespace ImplicitReg.Cli.Bench;

/// <summary>
/// Wall time and allocation of zero-testing polynomial identities by <see cref="Polynomial"/> versus
/// <see cref="Expansion.Expand"/>: TF-C1 (theory.md §5.1; build = factorization, derived velocities and the
/// rates d/dt‖w_r^n‖²; then expand and zero-test), plus Lagrange's identity as a wide instance.
/// One warm-up run, then the median and best of k runs per phase.
/// </summary>
public static class SymbolicBenchmarks
{
    /// <param name="Build">Everything symbolic before expansion; its result is the input of both paths.</param>
    /// <param name="Monomials">Monomials of the expanded parts before cancellation.</param>
    private sealed record Instance(string Name, Func<object> Build, Func<object, bool> ByPolynomial, Func<object, bool> ByExpansion, Func<object, (int Monomials, int Residuals)> Count);

    private sealed record Timing(double MedianMs, double BestMs, double AllocatedMb, bool Result, int Runs);

    /// <summary>Prints the table to <paramref name="output"/>; returns 0, or 1 when a path fails to prove an identity.</summary>
    public static int Run(TextWriter output, bool quick)
    {
        int repeats = quick ? 3 : 9;
        var instances = new List<Instance>
        {
            Tfc1("TF-C1 free G N=3 D=3 R=2", () => SymbolicCpFactorization.WithFreeGradient(3, 3, 2)),
            Tfc1("TF-C1 loss   N=3 D=3 R=2", () => SymbolicCpFactorization.WithSquaredLoss(3, 3, 2)),
        };
        if (!quick)
        {
            instances.Add(Tfc1("TF-C1 free G N=4 D=3 R=3", () => SymbolicCpFactorization.WithFreeGradient(4, 3, 3)));
            instances.Add(Tfc1("TF-C1 loss   N=4 D=3 R=3", () => SymbolicCpFactorization.WithSquaredLoss(4, 3, 3)));
            instances.Add(Tfc1("TF-C1 loss   N=3 D=4 R=4", () => SymbolicCpFactorization.WithSquaredLoss(3, 4, 4)));
        }
        instances.Add(Lagrange(quick ? 10 : 30, 1));
        instances.Add(Lagrange(quick ? 3 : 6, 2));

        const string format = "{0,-26} {1,10} {2,5} {3,9} {4,14} {5,14} {6,6} {7,15} {8,15}";
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(inv, format, "instance", "#monomials", "#res", "build ms", "poly ms", "expand ms", "ratio", "total ms", "alloc MB"));
        output.WriteLine(string.Format(inv, format, "", "", "", "med", "med/best", "med/best", "", "poly/expand", "poly/expand"));
        int status = 0;
        foreach (var instance in instances)
        {
            object built = null!;
            var build = Measure(() => { built = instance.Build(); return true; }, repeats);
            var poly = Measure(() => instance.ByPolynomial(built), repeats);
            var expr = Measure(() => instance.ByExpansion(built), repeats);
            var (monomials, residuals) = instance.Count(built);
            if (!poly.Result || !expr.Result) status = 1;
            output.WriteLine(string.Format(inv, format,
                instance.Name, monomials, residuals,
                build.MedianMs.ToString("F1", inv),
                $"{poly.MedianMs:F1}/{poly.BestMs:F1}",
                $"{expr.MedianMs:F1}/{expr.BestMs:F1}" + (expr.Runs < repeats ? "*" : ""),
                (expr.MedianMs / poly.MedianMs).ToString("F1", inv) + "x",
                $"{build.MedianMs + poly.MedianMs:F1}/{build.MedianMs + expr.MedianMs:F1}",
                $"{build.AllocatedMb + poly.AllocatedMb:F1}/{build.AllocatedMb + expr.AllocatedMb:F1}")
                + (poly.Result && expr.Result ? "" : $"  NOT PROVED (polynomial {poly.Result}, expand {expr.Result})"));
        }
        output.WriteLine($"{repeats} timed runs after one warm-up (* = one run: the warm-up took over 2 s). poly/expand ms = expand + zero-test " +
                         "only; ratio = expand/poly median; total = build + path; alloc = bytes allocated on this thread, build + path.");
        return status;
    }

    private static Instance Tfc1(string name, Func<SymbolicCpFactorization> make) => new(
        name,
        () => make().NormRates(),
        rates => SymbolicCpFactorization.ConservationPolynomials(Rates(rates)).All(p => p.Residual.IsZero),
        rates => SymbolicCpFactorization.ExpandedConservationResiduals(Rates(rates)).All(e => e.IsZero),
        rates =>
        {
            var polynomials = SymbolicCpFactorization.ConservationPolynomials(Rates(rates));
            return (polynomials.Sum(p => p.MonomialsBeforeCancellation), polynomials.Count);
        });

    private static IReadOnlyList<IReadOnlyList<Expr>> Rates(object built) => (IReadOnlyList<IReadOnlyList<Expr>>)built;

    /// <summary>
    /// Lagrange's identity to the power p: ((Σa_i²)(Σb_i²))^p − ((Σa_i b_i)² + Σ_{i&lt;j}(a_i b_j − a_j b_i)²)^p ≡ 0, i ≤ k.
    /// </summary>
    private static Instance Lagrange(int k, int p)
    {
        Expr Build()
        {
            var a = Enumerable.Range(1, k).Select(i => (Expr)Expr.Sym($"a{i}")).ToArray();
            var b = Enumerable.Range(1, k).Select(i => (Expr)Expr.Sym($"b{i}")).ToArray();
            Expr SumOfSquares(Expr[] v) => Expr.Add(v.Select(x => Expr.Pow(x, Expr.Two)));
            var left = Expr.Multiply(SumOfSquares(a), SumOfSquares(b));
            var minors = from i in Enumerable.Range(0, k)
                         from j in Enumerable.Range(i + 1, k - i - 1)
                         select Expr.Pow(a[i] * b[j] - a[j] * b[i], Expr.Two);
            var right = Expr.Add(minors.Prepend(Expr.Pow(Expr.Add(a.Zip(b, (x, y) => x * y)), Expr.Two)));
            return Expr.Pow(left, p) - Expr.Pow(right, p);
        }
        return new Instance(
            p == 1 ? $"Lagrange identity k={k}" : $"Lagrange identity^{p} k={k}",
            Build,
            e => Polynomial.FromExpr((Expr)e).IsZero,
            e => Expansion.Expand((Expr)e).IsZero,
            e => (((Sum)e).Children.Sum(side => Polynomial.FromExpr(side).TermCount), 1));
    }

    private static Timing Measure(Func<bool> run, int repeats)
    {
        var warm = Stopwatch.StartNew();
        bool result = run();
        if (warm.Elapsed.TotalSeconds > 2) repeats = 1;
        var times = new List<double>(repeats);
        long allocated = 0;
        for (int k = 0; k < repeats; k++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            result &= run();
            sw.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new Timing(times[times.Count / 2], times[0], allocated / (1024.0 * 1024.0), result, repeats);
    }
}
