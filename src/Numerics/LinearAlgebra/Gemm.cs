using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ImplicitReg.Numerics.LinearAlgebra;

/// <summary>
/// Dense row-major matrix products C = α·op(A)·op(B) + β·C on spans (no allocation after a thread's first call of a
/// given size). Shapes: op(A) is m×k, op(B) is k×n, C is m×n, all contiguous row-major.
/// <para>
/// Large products are blocked as in BLIS/GotoBLAS: op(B) is packed KC×NC into column panels of <c>NR</c>, op(A)
/// MC×KC into row panels of <see cref="MR"/> (the transposes are absorbed by the packing), and a register-blocked
/// FMA micro-kernel computes MR×NR tiles of C with MR·NR/width accumulators. The vector width is the machine's:
/// <see cref="Vector512{T}"/> where accelerated (AVX-512), else <see cref="Vector256{T}"/> (AVX2; FMA when
/// supported), else a scalar loop. Packing buffers are per thread, grown once and reused.
/// Tiny products (e.g. 2×2) take a direct scalar loop.
/// </para>
/// <para>
/// Semantics: every product term is formed (no zero skipping), so NaN and ∞ anywhere in op(A) or op(B) propagate;
/// β = 0 overwrites C without reading it (NaN in C is discarded); α multiplies the accumulated product. The
/// summation order is fixed by the sizes and the machine's vector width, so results are bit-identical run to run
/// on one machine. Single-threaded.
/// </para>
/// </summary>
public static class Gemm
{
    /// <summary>Rows of op(A) per micro-kernel tile.</summary>
    internal const int MR = 6;

    private const int KC = 256;   // depth of a packed block (A panel MR×KC and B panel KC×NR stay in L1/L2)
    private const int MC = 96;    // rows of op(A) per packed block (multiple of MR; MC×KC·8 B = 192 KiB, L2)
    private const int NC = 2048;  // columns of op(B) per packed block

    /// <summary>Below this many multiply–adds (m·n·k) the direct loop beats packing.</summary>
    private const long TinyWork = 3 * 1024;

    private enum Isa { Scalar, V256, V512 }

    private static readonly Isa Kernel =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? Isa.V512 :
        Vector256.IsHardwareAccelerated ? Isa.V256 : Isa.Scalar;

    /// <summary>Columns of op(B) per micro-kernel tile (two vectors).</summary>
    internal static int NR { get; } = Kernel == Isa.V512 ? 16 : 8;

    /// <summary>The kernel in use, e.g. "AVX-512 6×16" (for benchmark reports).</summary>
    public static string KernelName => Kernel switch
    {
        Isa.V512 => $"Vector512 {MR}×{NR}",
        Isa.V256 => $"Vector256 {MR}×{NR}{(Fma.IsSupported ? " FMA" : "")}",
        _ => "scalar",
    };

    [ThreadStatic] private static double[]? t_packA;
    [ThreadStatic] private static double[]? t_packB;

    /// <summary>C = α·A·B + β·C, A m×k, B k×n.</summary>
    public static void NN(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, b.Length, c.Length);
        Run(m, n, k, alpha, a, k, 1, b, n, 1, beta, c);
    }

    /// <summary>C = α·Aᵀ·B + β·C, A k×m, B k×n.</summary>
    public static void TN(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, b.Length, c.Length);
        Run(m, n, k, alpha, a, 1, m, b, n, 1, beta, c);
    }

    /// <summary>C = α·A·Bᵀ + β·C, A m×k, B n×k.</summary>
    public static void NT(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, b.Length, c.Length);
        Run(m, n, k, alpha, a, k, 1, b, 1, k, beta, c);
    }

    /// <summary>C = α·Aᵀ·Bᵀ + β·C, A k×m, B n×k.</summary>
    public static void TT(int m, int n, int k, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        Check(m, n, k, a.Length, b.Length, c.Length);
        Run(m, n, k, alpha, a, 1, m, b, 1, k, beta, c);
    }

    /// <summary>
    /// op(A)[i, p] = a[i·ai + p·ap], op(B)[p, j] = b[p·bp + j·bj] (one of each pair of strides is 1).
    /// </summary>
    private static void Run(int m, int n, int k, double alpha, ReadOnlySpan<double> a, int ai, int ap,
        ReadOnlySpan<double> b, int bp, int bj, double beta, Span<double> c)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            Scale(c[..(m * n)], beta);
            return;
        }
        if (Kernel == Isa.Scalar || (long)m * n * k <= TinyWork)
        {
            Direct(m, n, k, alpha, a, ai, ap, b, bp, bj, beta, c);
            return;
        }
        Blocked(m, n, k, alpha, a, ai, ap, b, bp, bj, beta, c);
    }

    /// <summary>The direct triple loop for tiny products (and machines without 256-bit vectors).</summary>
    private static void Direct(int m, int n, int k, double alpha, ReadOnlySpan<double> a, int ai, int ap,
        ReadOnlySpan<double> b, int bp, int bj, double beta, Span<double> c)
    {
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            int ia = i * ai;
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                int ja = ia, jb = j * bj;
                for (int p = 0; p < k; p++, ja += ap, jb += bp) s += a[ja] * b[jb];
                ci[j] = beta == 0 ? alpha * s : alpha * s + beta * ci[j];
            }
        }
    }

    private static void Blocked(int m, int n, int k, double alpha, ReadOnlySpan<double> a, int ai, int ap,
        ReadOnlySpan<double> b, int bp, int bj, double beta, Span<double> c)
    {
        int nr = NR;
        int ncMax = Math.Min(NC, RoundUp(n, nr)), kcMax = Math.Min(KC, k), mcMax = Math.Min(MC, RoundUp(m, MR));
        var packA = Buffer(ref t_packA, mcMax * kcMax);
        var packB = Buffer(ref t_packB, ncMax * kcMax);
        Span<double> tile = stackalloc double[MR * 16];
        ref double tileRef = ref MemoryMarshal.GetReference(tile);
        ref double cRef = ref MemoryMarshal.GetReference(c);
        ref double aPack = ref MemoryMarshal.GetArrayDataReference(packA);
        ref double bPack = ref MemoryMarshal.GetArrayDataReference(packB);

        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                double betaBlock = pc == 0 ? beta : 1;
                PackB(b, bp, bj, pc, kc, jc, nc, nr, packB);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mc = Math.Min(MC, m - ic);
                    PackA(a, ai, ap, ic, mc, pc, kc, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        ref double bPanel = ref Unsafe.Add(ref bPack, jr * kc);
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int rows = Math.Min(MR, mc - ir);
                            ref double aPanel = ref Unsafe.Add(ref aPack, ir * kc);
                            bool narrow = 2 * cols <= nr;   // a column tail: one vector per row is enough
                            if (rows == MR && cols == (narrow ? nr / 2 : nr))
                            {
                                ref double cTile = ref Unsafe.Add(ref cRef, (ic + ir) * n + jc + jr);
                                Micro(narrow, kc, ref aPanel, ref bPanel, ref cTile, n, alpha, betaBlock);
                            }
                            else
                            {
                                Micro(narrow, kc, ref aPanel, ref bPanel, ref tileRef, nr, 1, 0);
                                for (int r = 0; r < rows; r++)
                                {
                                    var cRow = c.Slice((ic + ir + r) * n + jc + jr, cols);
                                    var tRow = tile.Slice(r * nr, cols);
                                    if (betaBlock == 0)
                                        for (int j = 0; j < cols; j++) cRow[j] = alpha * tRow[j];
                                    else
                                        for (int j = 0; j < cols; j++) cRow[j] = alpha * tRow[j] + betaBlock * cRow[j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Micro(bool narrow, int kc, ref double a, ref double b, ref double c, int ldc, double alpha, double beta)
    {
        if (Kernel == Isa.V512)
        {
            if (narrow) Kernel512Narrow(kc, ref a, ref b, ref c, ldc, alpha, beta);
            else Kernel512(kc, ref a, ref b, ref c, ldc, alpha, beta);
        }
        else
        {
            if (narrow) Kernel256Narrow(kc, ref a, ref b, ref c, ldc, alpha, beta);
            else Kernel256(kc, ref a, ref b, ref c, ldc, alpha, beta);
        }
    }

    /// <summary>Packs op(A)[ic.., pc..] (mc×kc) as row panels of MR: panel q holds, for each p, rows q·MR … q·MR+MR−1 (zero-padded).</summary>
    private static void PackA(ReadOnlySpan<double> a, int ai, int ap, int ic, int mc, int pc, int kc, double[] pack)
    {
        ref double src = ref MemoryMarshal.GetReference(a);
        ref double dst0 = ref MemoryMarshal.GetArrayDataReference(pack);
        for (int q = 0; q < mc; q += MR)
        {
            int rows = Math.Min(MR, mc - q);
            ref double dst = ref Unsafe.Add(ref dst0, q * kc);
            ref double s0 = ref Unsafe.Add(ref src, (ic + q) * ai + pc * ap);
            if (rows == MR)
            {
                nint r1 = ai, r2 = 2 * ai, r3 = 3 * ai, r4 = 4 * ai, r5 = 5 * ai;
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref dst, 0) = s0;
                    Unsafe.Add(ref dst, 1) = Unsafe.Add(ref s0, r1);
                    Unsafe.Add(ref dst, 2) = Unsafe.Add(ref s0, r2);
                    Unsafe.Add(ref dst, 3) = Unsafe.Add(ref s0, r3);
                    Unsafe.Add(ref dst, 4) = Unsafe.Add(ref s0, r4);
                    Unsafe.Add(ref dst, 5) = Unsafe.Add(ref s0, r5);
                    dst = ref Unsafe.Add(ref dst, MR);
                    s0 = ref Unsafe.Add(ref s0, ap);
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    int r = 0;
                    for (; r < rows; r++) Unsafe.Add(ref dst, r) = Unsafe.Add(ref s0, r * ai);
                    for (; r < MR; r++) Unsafe.Add(ref dst, r) = 0;
                    dst = ref Unsafe.Add(ref dst, MR);
                    s0 = ref Unsafe.Add(ref s0, ap);
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc.., jc..] (kc×nc) as column panels of NR: panel q holds, for each p, columns q·NR … q·NR+NR−1 (zero-padded).</summary>
    private static void PackB(ReadOnlySpan<double> b, int bp, int bj, int pc, int kc, int jc, int nc, int nr, double[] pack)
    {
        ref double src = ref MemoryMarshal.GetReference(b);
        ref double dst0 = ref MemoryMarshal.GetArrayDataReference(pack);
        for (int q = 0; q < nc; q += nr)
        {
            int cols = Math.Min(nr, nc - q);
            ref double dst = ref Unsafe.Add(ref dst0, q * kc);
            ref double s0 = ref Unsafe.Add(ref src, pc * bp + (jc + q) * bj);
            if (cols == nr && bj == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    for (int j = 0; j < nr; j += 4) Vector256.LoadUnsafe(ref s0, (nuint)j).StoreUnsafe(ref dst, (nuint)j);
                    dst = ref Unsafe.Add(ref dst, nr);
                    s0 = ref Unsafe.Add(ref s0, bp);
                }
            }
            else if (bj == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    int j = 0;
                    for (; j < cols; j++) Unsafe.Add(ref dst, j) = Unsafe.Add(ref s0, j);
                    for (; j < nr; j++) Unsafe.Add(ref dst, j) = 0;
                    dst = ref Unsafe.Add(ref dst, nr);
                    s0 = ref Unsafe.Add(ref s0, bp);
                }
            }
            else
            {
                // op(B) = Bᵀ: column j of op(B) is a contiguous row of B (bp = 1); write it down the panel.
                for (int j = 0; j < cols; j++)
                {
                    ref double d = ref Unsafe.Add(ref dst, j);
                    ref double sj = ref Unsafe.Add(ref s0, j * bj);
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref d, p * nr) = Unsafe.Add(ref sj, p);
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref dst, p * nr + j) = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma256(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>C[0..6, 0..8] = α·Σ_p a_p b_pᵀ + β·C (β = 0: C is not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, ref double a, ref double b, ref double c, int ldc, double alpha, double beta)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 4);
            var x = Vector256.Create(a);
            c00 = Fma256(x, b0, c00); c01 = Fma256(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Fma256(x, b0, c10); c11 = Fma256(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Fma256(x, b0, c20); c21 = Fma256(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Fma256(x, b0, c30); c31 = Fma256(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Fma256(x, b0, c40); c41 = Fma256(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Fma256(x, b0, c50); c51 = Fma256(x, b1, c51);
            a = ref Unsafe.Add(ref a, MR);
            b = ref Unsafe.Add(ref b, 8);
        }
        Store256(ref c, c00, c01, alpha, beta);
        Store256(ref Unsafe.Add(ref c, ldc), c10, c11, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, alpha, beta);
    }

    /// <summary>C[0..6, 0..4] from the first half of each 8-wide row of a packed B panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256Narrow(int kc, ref double a, ref double b, ref double c, int ldc, double alpha, double beta)
    {
        Vector256<double> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            c0 = Fma256(Vector256.Create(a), b0, c0);
            c1 = Fma256(Vector256.Create(Unsafe.Add(ref a, 1)), b0, c1);
            c2 = Fma256(Vector256.Create(Unsafe.Add(ref a, 2)), b0, c2);
            c3 = Fma256(Vector256.Create(Unsafe.Add(ref a, 3)), b0, c3);
            c4 = Fma256(Vector256.Create(Unsafe.Add(ref a, 4)), b0, c4);
            c5 = Fma256(Vector256.Create(Unsafe.Add(ref a, 5)), b0, c5);
            a = ref Unsafe.Add(ref a, MR);
            b = ref Unsafe.Add(ref b, 8);
        }
        Store256(ref c, c0, alpha, beta);
        Store256(ref Unsafe.Add(ref c, ldc), c1, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 2 * ldc), c2, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 3 * ldc), c3, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 4 * ldc), c4, alpha, beta);
        Store256(ref Unsafe.Add(ref c, 5 * ldc), c5, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref double c, Vector256<double> x, double alpha, double beta)
    {
        var va = Vector256.Create(alpha);
        if (beta == 0) (va * x).StoreUnsafe(ref c);
        else (va * x + Vector256.Create(beta) * Vector256.LoadUnsafe(ref c)).StoreUnsafe(ref c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref double c, Vector256<double> x0, Vector256<double> x1, double alpha, double beta)
    {
        var va = Vector256.Create(alpha);
        if (beta == 0)
        {
            (va * x0).StoreUnsafe(ref c);
            (va * x1).StoreUnsafe(ref c, 4);
        }
        else
        {
            var vb = Vector256.Create(beta);
            (va * x0 + vb * Vector256.LoadUnsafe(ref c)).StoreUnsafe(ref c);
            (va * x1 + vb * Vector256.LoadUnsafe(ref c, 4)).StoreUnsafe(ref c, 4);
        }
    }

    /// <summary>C[0..6, 0..16] = α·Σ_p a_p b_pᵀ + β·C (β = 0: C is not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, ref double a, ref double b, ref double c, int ldc, double alpha, double beta)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);
            var b1 = Vector512.LoadUnsafe(ref b, 8);
            var x = Vector512.Create(a);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            a = ref Unsafe.Add(ref a, MR);
            b = ref Unsafe.Add(ref b, 16);
        }
        Store512(ref c, c00, c01, alpha, beta);
        Store512(ref Unsafe.Add(ref c, ldc), c10, c11, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, alpha, beta);
    }

    /// <summary>C[0..6, 0..8] from the first half of each 16-wide row of a packed B panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Narrow(int kc, ref double a, ref double b, ref double c, int ldc, double alpha, double beta)
    {
        Vector512<double> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a), b0, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 1)), b0, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 2)), b0, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 3)), b0, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 4)), b0, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 5)), b0, c5);
            a = ref Unsafe.Add(ref a, MR);
            b = ref Unsafe.Add(ref b, 16);
        }
        Store512(ref c, c0, alpha, beta);
        Store512(ref Unsafe.Add(ref c, ldc), c1, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 2 * ldc), c2, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 3 * ldc), c3, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 4 * ldc), c4, alpha, beta);
        Store512(ref Unsafe.Add(ref c, 5 * ldc), c5, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref double c, Vector512<double> x, double alpha, double beta)
    {
        var va = Vector512.Create(alpha);
        if (beta == 0) (va * x).StoreUnsafe(ref c);
        else (va * x + Vector512.Create(beta) * Vector512.LoadUnsafe(ref c)).StoreUnsafe(ref c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref double c, Vector512<double> x0, Vector512<double> x1, double alpha, double beta)
    {
        var va = Vector512.Create(alpha);
        if (beta == 0)
        {
            (va * x0).StoreUnsafe(ref c);
            (va * x1).StoreUnsafe(ref c, 8);
        }
        else
        {
            var vb = Vector512.Create(beta);
            (va * x0 + vb * Vector512.LoadUnsafe(ref c)).StoreUnsafe(ref c);
            (va * x1 + vb * Vector512.LoadUnsafe(ref c, 8)).StoreUnsafe(ref c, 8);
        }
    }

    private static double[] Buffer(ref double[]? slot, int size)
    {
        if (slot is null || slot.Length < size) slot = new double[Math.Max(size, 2 * (slot?.Length ?? 0))];
        return slot;
    }

    private static int RoundUp(int x, int to) => (x + to - 1) / to * to;

    private static void Scale(Span<double> c, double beta)
    {
        if (beta == 0) c.Clear();
        else if (beta != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(c, beta, c);
    }

    private static void Check(int m, int n, int k, int aLength, int bLength, int cLength)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Negative matrix size m={m} n={n} k={k}.");
        long aNeed = (long)m * k, bNeed = (long)k * n, cNeed = (long)m * n;
        if (aLength < aNeed || bLength < bNeed || cLength < cNeed)
            throw new ArgumentException($"Gemm m={m} n={n} k={k}: A has {aLength} of {aNeed}, B {bLength} of {bNeed}, C {cLength} of {cNeed} entries.");
    }
}
