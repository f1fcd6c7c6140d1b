using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// In-place inverse of a symmetric positive definite matrix kept as its lower triangle of blocks
/// (<see cref="SymmetricMatrix"/>), by the block sweep operator (Goodnight, The American Statistician 1979), no
/// pivoting. Sweeping pivot block K with D = A_KK⁻¹ (inverted in double) turns A_ij into A_ij − A_iK·D·A_Kj, A_iK
/// into A_iK·D and A_KK into −D, and keeps the matrix symmetric, so only the lower triangle is stored and
/// updated: half the memory and half the n³ multiply-adds of a full Gauss–Jordan. Sweeping every block leaves
/// −A⁻¹, negated at the end. Nearly all the work is the update, one b×b block product per block pair (I, J), I ≥ J:
/// a register-tiled SIMD kernel (4 rows × 16 columns, the operand strips kept in L1) spread over the training
/// threads by block pair.
/// </summary>
public static class BlockedInverse
{
    private const int RowTile = 4;
    private const int ColumnTile = 16;

    public static void InvertSymmetricPositiveDefinite(SymmetricMatrix a, IProgress<double>? progress = null)
    {
        var (b, blocks, area) = (a.BlockSize, a.BlockCount, a.BlockSize * a.BlockSize);
        // Per block J: V_J = A_KJ (row k of the pivot block row), U_J = D·V_J, W_J = −U_Jᵀ = −A_JK·D.
        var v = new float[blocks * area];
        var u = new float[blocks * area];
        var w = new float[blocks * area];
        var pairs = new List<(int Row, int Column)>(blocks * (blocks + 1) / 2);
        for (var k = 0; k < blocks; k++)
        {
            var d = InverseOfDiagonalBlock(a.Block(k, k), b);
            var pivot = k;
            Parallel.For(0, blocks, TrainingThreads.Options, j =>
            {
                if (j == pivot) return;
                var vj = v.AsSpan(j * area, area);
                if (j < pivot) a.Block(pivot, j).CopyTo(vj);
                else Transpose(a.Block(j, pivot), vj, b, negate: false);
                var uj = u.AsSpan(j * area, area);
                uj.Clear();
                AddProduct(uj, d, vj, b);
                Transpose(uj, w.AsSpan(j * area, area), b, negate: true);
            });

            pairs.Clear();
            for (var i = 0; i < blocks; i++)
                for (var j = 0; j <= i; j++)
                    if (i != k && j != k) pairs.Add((i, j));
            Parallel.For(0, pairs.Count, TrainingThreads.Options, p =>
            {
                var (i, j) = pairs[p];
                AddProduct(a.Block(i, j), w.AsSpan(i * area, area), v.AsSpan(j * area, area), b);
            });

            // The pivot block column becomes A_iK·D = U_iᵀ, the pivot block −D.
            for (var j = 0; j < blocks; j++)
            {
                if (j < k) u.AsSpan(j * area, area).CopyTo(a.Block(k, j));
                else if (j > k) Transpose(u.AsSpan(j * area, area), a.Block(j, k), b, negate: false);
            }
            TensorPrimitives.Negate(d, a.Block(k, k));
            progress?.Report((double)(k + 1) / blocks);
        }
        var all = a.Data;
        TensorPrimitives.Negate(all, all);
        GC.KeepAlive(a); // its memory is native, freed by its finalizer
    }

    /// <summary>The inverse of a diagonal block, in double, returned as float (row-major b × b).</summary>
    private static float[] InverseOfDiagonalBlock(ReadOnlySpan<float> block, int b)
    {
        var inverse = new double[b * b];
        for (var i = 0; i < inverse.Length; i++) inverse[i] = block[i];
        DenseInverse.InvertSymmetricPositiveDefinite(inverse, b, parallel: false);
        return Array.ConvertAll(inverse, x => (float)x);
    }

    private static void Transpose(ReadOnlySpan<float> source, Span<float> target, int b, bool negate)
    {
        for (var r = 0; r < b; r++)
            for (var c = 0; c < b; c++)
                target[c * b + r] = negate ? -source[r * b + c] : source[r * b + c];
    }

    /// <summary>C += X·Y for b × b row-major blocks (b a multiple of the tile sizes).</summary>
    private static void AddProduct(Span<float> c, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int b)
    {
        for (var column = 0; column < b; column += ColumnTile)
            for (var row = 0; row < b; row += RowTile)
                Tile(ref c[row * b + column], in x[row * b], in y[column], b);
    }

    /// <summary>The 4 × 16 register tile: eight 8-float accumulators, two loads of Y and four broadcasts of X per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(ref float c0, ref readonly float x0, ref readonly float y0Column, int b)
    {
        ref var c1 = ref Unsafe.Add(ref c0, b);
        ref var c2 = ref Unsafe.Add(ref c1, b);
        ref var c3 = ref Unsafe.Add(ref c2, b);
        var a00 = Vector256.LoadUnsafe(ref c0); var a01 = Vector256.LoadUnsafe(ref c0, 8);
        var a10 = Vector256.LoadUnsafe(ref c1); var a11 = Vector256.LoadUnsafe(ref c1, 8);
        var a20 = Vector256.LoadUnsafe(ref c2); var a21 = Vector256.LoadUnsafe(ref c2, 8);
        var a30 = Vector256.LoadUnsafe(ref c3); var a31 = Vector256.LoadUnsafe(ref c3, 8);
        ref var x = ref Unsafe.AsRef(in x0);
        ref var yk = ref Unsafe.AsRef(in y0Column);
        for (var k = 0; k < b; k++)
        {
            var y0 = Vector256.LoadUnsafe(ref yk);
            var y1 = Vector256.LoadUnsafe(ref yk, 8);
            var s = Vector256.Create(Unsafe.Add(ref x, k));
            a00 = Vector256.FusedMultiplyAdd(s, y0, a00); a01 = Vector256.FusedMultiplyAdd(s, y1, a01);
            s = Vector256.Create(Unsafe.Add(ref x, b + k));
            a10 = Vector256.FusedMultiplyAdd(s, y0, a10); a11 = Vector256.FusedMultiplyAdd(s, y1, a11);
            s = Vector256.Create(Unsafe.Add(ref x, 2 * b + k));
            a20 = Vector256.FusedMultiplyAdd(s, y0, a20); a21 = Vector256.FusedMultiplyAdd(s, y1, a21);
            s = Vector256.Create(Unsafe.Add(ref x, 3 * b + k));
            a30 = Vector256.FusedMultiplyAdd(s, y0, a30); a31 = Vector256.FusedMultiplyAdd(s, y1, a31);
            yk = ref Unsafe.Add(ref yk, b);
        }
        a00.StoreUnsafe(ref c0); a01.StoreUnsafe(ref c0, 8);
        a10.StoreUnsafe(ref c1); a11.StoreUnsafe(ref c1, 8);
        a20.StoreUnsafe(ref c2); a21.StoreUnsafe(ref c2, 8);
        a30.StoreUnsafe(ref c3); a31.StoreUnsafe(ref c3, 8);
    }
}
