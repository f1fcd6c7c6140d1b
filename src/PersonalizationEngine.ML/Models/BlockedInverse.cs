using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// In-place inverse of a dense symmetric positive definite matrix (row-major, float), by block
/// Gauss–Jordan elimination (the sweep operator, no pivoting): for each block K of <see cref="BlockSize"/>
/// pivots, invert the small diagonal block in double, scale block row K by it, then update every other
/// row with one rank-<see cref="BlockSize"/> product. Nearly all of the n³ multiply-adds happen in that
/// product, a register-tiled SIMD kernel (4 rows × 16 columns, the operand rows kept in L1) spread over
/// the training threads, instead of n rank-1 passes over the whole matrix that leave the cores waiting on
/// memory. One n×n float matrix in all, so 20,000 items take 1.6 GB.
/// </summary>
public static class BlockedInverse
{
    public const int BlockSize = 256;
    private const int RowTile = 4;
    private const int ColumnTile = 16;
    private const int RowChunk = 64;

    public static void InvertSymmetricPositiveDefinite(float[] a, int n, IProgress<double>? progress = null)
    {
        if (a.Length < (long)n * n) throw new ArgumentException("the matrix is smaller than n × n", nameof(a));
        var packed = new float[(long)n * BlockSize <= int.MaxValue ? n * BlockSize : throw new ArgumentOutOfRangeException(nameof(n))];
        var rows = new float[BlockSize * n];
        for (var k0 = 0; k0 < n; k0 += BlockSize)
        {
            var width = Math.Min(BlockSize, n - k0);
            var k1 = k0 + width;
            var inverse = InverseOfDiagonalBlock(a, n, k0, width);

            // Block row K becomes S·[I, A_KR] (S = the diagonal block's inverse): [S, S·A_KR].
            for (var r = 0; r < width; r++)
            {
                var row = a.AsSpan((k0 + r) * n, n);
                row.Slice(k0, width).Clear();
                row[k0 + r] = 1;
            }
            Array.Clear(rows, 0, width * n);
            AddProducts(rows, n, 0, width, inverse, width, a, k0 * n);
            Array.Copy(rows, 0, a, k0 * n, width * n);

            // Every other row i: A_i ← A_i − A_iK·(new block row), with A_iK taken out first, so that its
            // own columns end as −A_iK·S.
            for (var i = 0; i < n; i++)
            {
                if (i >= k0 && i < k1) continue;
                var column = a.AsSpan(i * n + k0, width);
                for (var k = 0; k < width; k++) packed[i * width + k] = -column[k];
                column.Clear();
            }
            AddProducts(a, n, 0, k0, packed, width, a, k0 * n);
            AddProducts(a, n, k1, n, packed, width, a, k0 * n);
            progress?.Report((double)k1 / n);
        }
    }

    /// <summary>The inverse of the diagonal block at (k0, k0), in double, row-major width × width (as float).</summary>
    private static float[] InverseOfDiagonalBlock(float[] a, int n, int k0, int width)
    {
        var block = new double[width * width];
        for (var r = 0; r < width; r++)
            for (var c = 0; c < width; c++)
                block[r * width + c] = a[(k0 + r) * n + k0 + c];
        DenseInverse.InvertSymmetricPositiveDefinite(block, width, parallel: false);
        return Array.ConvertAll(block, v => (float)v);
    }

    /// <summary>
    /// C[r, 0..n) += Σₖ X[r, k]·Y[k, 0..n) for rows r in [rowStart, rowEnd): C row-major with n columns, X
    /// with <paramref name="depth"/> values per row (row r at r·depth), Y <paramref name="depth"/> rows of n
    /// from <paramref name="yOffset"/>.
    /// </summary>
    private static void AddProducts(float[] c, int n, int rowStart, int rowEnd, float[] x, int depth, float[] y, int yOffset)
    {
        var count = rowEnd - rowStart;
        if (count <= 0) return;
        var yStride = n;
        var chunks = (count + RowChunk - 1) / RowChunk;
        Parallel.For(0, chunks, TrainingThreads.Options, chunk =>
        {
            var r0 = rowStart + chunk * RowChunk;
            var r1 = Math.Min(rowEnd, r0 + RowChunk);
            var j = 0;
            for (; j + ColumnTile <= n; j += ColumnTile)
            {
                var r = r0;
                for (; r + RowTile <= r1; r += RowTile) Tile(c, n, r, j, x, r * depth, depth, y, yOffset, yStride);
                for (; r < r1; r++) Columns(c, n, r, j, j + ColumnTile, x, r * depth, depth, y, yOffset, yStride);
            }
            for (var r = r0; r < r1 && j < n; r++) Columns(c, n, r, j, n, x, r * depth, depth, y, yOffset, yStride);
        });
    }

    /// <summary>The 4 × 16 register tile: eight 8-float accumulators, two loads of Y and four broadcasts of X per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(float[] c, int n, int row, int column, float[] x, int xOffset, int depth, float[] y, int yOffset, int yStride)
    {
        ref var cRef = ref MemoryMarshal.GetArrayDataReference(c);
        ref var xRef = ref MemoryMarshal.GetArrayDataReference(x);
        ref var yRef = ref MemoryMarshal.GetArrayDataReference(y);
        ref var c0 = ref Unsafe.Add(ref cRef, (nint)row * n + column);
        ref var c1 = ref Unsafe.Add(ref c0, n);
        ref var c2 = ref Unsafe.Add(ref c1, n);
        ref var c3 = ref Unsafe.Add(ref c2, n);
        var a00 = Vector256.LoadUnsafe(ref c0); var a01 = Vector256.LoadUnsafe(ref c0, 8);
        var a10 = Vector256.LoadUnsafe(ref c1); var a11 = Vector256.LoadUnsafe(ref c1, 8);
        var a20 = Vector256.LoadUnsafe(ref c2); var a21 = Vector256.LoadUnsafe(ref c2, 8);
        var a30 = Vector256.LoadUnsafe(ref c3); var a31 = Vector256.LoadUnsafe(ref c3, 8);
        ref var x0 = ref Unsafe.Add(ref xRef, xOffset);
        ref var yk = ref Unsafe.Add(ref yRef, (nint)yOffset + column);
        for (var k = 0; k < depth; k++)
        {
            var y0 = Vector256.LoadUnsafe(ref yk);
            var y1 = Vector256.LoadUnsafe(ref yk, 8);
            var b = Vector256.Create(Unsafe.Add(ref x0, k));
            a00 = Vector256.FusedMultiplyAdd(b, y0, a00); a01 = Vector256.FusedMultiplyAdd(b, y1, a01);
            b = Vector256.Create(Unsafe.Add(ref x0, depth + k));
            a10 = Vector256.FusedMultiplyAdd(b, y0, a10); a11 = Vector256.FusedMultiplyAdd(b, y1, a11);
            b = Vector256.Create(Unsafe.Add(ref x0, 2 * depth + k));
            a20 = Vector256.FusedMultiplyAdd(b, y0, a20); a21 = Vector256.FusedMultiplyAdd(b, y1, a21);
            b = Vector256.Create(Unsafe.Add(ref x0, 3 * depth + k));
            a30 = Vector256.FusedMultiplyAdd(b, y0, a30); a31 = Vector256.FusedMultiplyAdd(b, y1, a31);
            yk = ref Unsafe.Add(ref yk, yStride);
        }
        a00.StoreUnsafe(ref c0); a01.StoreUnsafe(ref c0, 8);
        a10.StoreUnsafe(ref c1); a11.StoreUnsafe(ref c1, 8);
        a20.StoreUnsafe(ref c2); a21.StoreUnsafe(ref c2, 8);
        a30.StoreUnsafe(ref c3); a31.StoreUnsafe(ref c3, 8);
    }

    /// <summary>The edges the tile does not cover, one value at a time.</summary>
    private static void Columns(float[] c, int n, int row, int from, int to, float[] x, int xOffset, int depth, float[] y, int yOffset, int yStride)
    {
        for (var j = from; j < to; j++)
        {
            var sum = c[row * n + j];
            for (var k = 0; k < depth; k++) sum += x[xOffset + k] * y[yOffset + k * yStride + j];
            c[row * n + j] = sum;
        }
    }
}
