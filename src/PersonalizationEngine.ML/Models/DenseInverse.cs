using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>In-place inversion of a dense symmetric positive definite matrix (row-major).</summary>
internal static class DenseInverse
{
    /// <summary>
    /// Gauss–Jordan elimination in place. Positive definite matrices need no pivoting; each elimination
    /// step updates all other rows in parallel with SIMD (n³ multiply-adds in all).
    /// </summary>
    public static void InvertSymmetricPositiveDefinite(double[] a, int n, IProgress<double>? progress = null, bool parallel = true)
    {
        for (var k = 0; k < n; k++)
        {
            var pivot = a[k * n + k];
            if (pivot <= 0) throw new InvalidOperationException("matrix is not positive definite");
            a[k * n + k] = 1;
            TensorPrimitives.Multiply(a.AsSpan(k * n, n), 1 / pivot, a.AsSpan(k * n, n));
            var step = k;
            Parallel.For(0, n, parallel ? TrainingThreads.Options : new ParallelOptions { MaxDegreeOfParallelism = 1 }, i =>
            {
                if (i == step) return;
                var factor = a[i * n + step];
                if (factor == 0) return;
                a[i * n + step] = 0;
                var row = a.AsSpan(i * n, n);
                TensorPrimitives.MultiplyAdd(a.AsSpan(step * n, n), -factor, row, row);
            });
            if (k % 64 == 0) progress?.Report((double)k / n);
        }
        progress?.Report(1);
    }
}
