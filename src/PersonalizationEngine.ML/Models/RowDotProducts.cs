using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Every row of a row-major matrix dotted with one vector: the score of every item for a customer. A
/// catalog's rows are short (the factor count), so one library call per row spends much of its time on
/// the call and the final horizontal sum; this kernel takes four rows at a time, loading each slice of the
/// vector once for all four.
/// </summary>
public static class RowDotProducts
{
    private const int RowsPerStep = 4;

    /// <param name="matrix">rows × <paramref name="vector"/>.Length values, row after row.</param>
    /// <param name="result">One value per row.</param>
    public static void Compute(ReadOnlySpan<float> matrix, ReadOnlySpan<float> vector, Span<float> result)
    {
        var width = vector.Length;
        if (width == 0 || matrix.Length != result.Length * width)
            throw new ArgumentException("the matrix must have one row of the vector's length per result", nameof(matrix));
        var lanes = Vector<float>.Count;
        if (!Vector.IsHardwareAccelerated || width % lanes != 0)
        {
            for (var row = 0; row < result.Length; row++) result[row] = TensorPrimitives.Dot(vector, matrix.Slice(row * width, width));
            return;
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        var rows = result.Length;
        var r = 0;
        for (; r + RowsPerStep <= rows; r += RowsPerStep)
        {
            ref var row0 = ref Unsafe.Add(ref m, r * width);
            Vector<float> sum0 = default, sum1 = default, sum2 = default, sum3 = default;
            for (var k = 0; k < width; k += lanes)
            {
                var slice = Vector.LoadUnsafe(ref v, (nuint)k);
                sum0 += slice * Vector.LoadUnsafe(ref row0, (nuint)k);
                sum1 += slice * Vector.LoadUnsafe(ref row0, (nuint)(width + k));
                sum2 += slice * Vector.LoadUnsafe(ref row0, (nuint)(2 * width + k));
                sum3 += slice * Vector.LoadUnsafe(ref row0, (nuint)(3 * width + k));
            }
            result[r] = Vector.Sum(sum0);
            result[r + 1] = Vector.Sum(sum1);
            result[r + 2] = Vector.Sum(sum2);
            result[r + 3] = Vector.Sum(sum3);
        }
        for (; r < rows; r++) result[r] = TensorPrimitives.Dot(vector, matrix.Slice(r * width, width));
    }
}
