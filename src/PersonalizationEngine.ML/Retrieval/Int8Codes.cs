using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PersonalizationEngine.ML.Retrieval;

/// <summary>
/// Vectors stored as signed bytes with one scale each (symmetric, per row: x ≈ scale · code), padded to a
/// multiple of 16 so the SIMD loop has no tail. A row of 64 factors is 64 bytes instead of 256, so a scan
/// reads a quarter of the memory; dot products with a quantized query are exact integer sums.
/// </summary>
public static class Int8Codes
{
    public const int Alignment = 16;

    public static int PaddedWidth(int width) => (width + Alignment - 1) / Alignment * Alignment;

    /// <summary>Writes the codes of <paramref name="vector"/> into <paramref name="codes"/> (padded width) and returns its scale.</summary>
    public static float Encode(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        codes.Clear();
        var largest = TensorPrimitives.MaxMagnitude(vector);
        if (largest == 0 || !float.IsFinite(largest)) return 0;
        var scale = Math.Abs(largest) / 127f;
        for (var i = 0; i < vector.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return scale;
    }

    /// <summary>A query's codes widened to 16 bits once, so each row costs one widening of its own bytes.</summary>
    public static float EncodeQuery(ReadOnlySpan<float> vector, Span<short> codes)
    {
        Span<sbyte> bytes = stackalloc sbyte[codes.Length];
        var scale = Encode(vector, bytes);
        for (var i = 0; i < codes.Length; i++) codes[i] = bytes[i];
        return scale;
    }

    /// <summary>Σ row[i] · query[i] over the padded width.</summary>
    public static int Dot(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query)
    {
        if (Avx2.IsSupported)
        {
            ref var r = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(row));
            ref var q = ref MemoryMarshal.GetReference(query);
            var sum = Vector256<int>.Zero;
            for (var k = 0; k < row.Length; k += Alignment)
            {
                var widened = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)k).AsSByte());
                sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(widened, Vector256.LoadUnsafe(ref q, (nuint)k)));
            }
            return Vector256.Sum(sum);
        }
        var total = 0;
        for (var k = 0; k < row.Length; k++) total += row[k] * query[k];
        return total;
    }

    /// <summary>
    /// <see cref="Dot"/> for each row of <paramref name="rows"/> (padded width, row after row), into <paramref name="results"/>:
    /// four rows at a time, their sums reduced together (a row's own horizontal sum cost as much as its products).
    /// </summary>
    public static void DotRows(ReadOnlySpan<sbyte> rows, ReadOnlySpan<short> query, Span<int> results)
    {
        var width = query.Length;
        if (rows.Length != results.Length * width) throw new ArgumentException("one row of the query's width per result", nameof(rows));
        var row = 0;
        if (Avx2.IsSupported && width % Alignment == 0)
        {
            ref var r = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(rows));
            ref var q = ref MemoryMarshal.GetReference(query);
            for (; row + 4 <= results.Length; row += 4)
            {
                var start = (nuint)(row * width);
                Vector256<int> sum0 = default, sum1 = default, sum2 = default, sum3 = default;
                for (nuint k = 0; k < (nuint)width; k += Alignment)
                {
                    var slice = Vector256.LoadUnsafe(ref q, k);
                    sum0 = Avx2.Add(sum0, Avx2.MultiplyAddAdjacent(Widened(ref r, start + k), slice));
                    sum1 = Avx2.Add(sum1, Avx2.MultiplyAddAdjacent(Widened(ref r, start + (nuint)width + k), slice));
                    sum2 = Avx2.Add(sum2, Avx2.MultiplyAddAdjacent(Widened(ref r, start + (nuint)(2 * width) + k), slice));
                    sum3 = Avx2.Add(sum3, Avx2.MultiplyAddAdjacent(Widened(ref r, start + (nuint)(3 * width) + k), slice));
                }
                // Pairwise sums within each 128-bit half: [row 0, row 1, row 2, row 3] per half, then the halves added.
                var sums = Avx2.HorizontalAdd(Avx2.HorizontalAdd(sum0, sum1), Avx2.HorizontalAdd(sum2, sum3));
                Sse2.Add(sums.GetLower(), sums.GetUpper()).StoreUnsafe(ref MemoryMarshal.GetReference(results), (nuint)row);
            }
        }
        for (; row < results.Length; row++) results[row] = Dot(rows.Slice(row * width, width), query);
    }

    private static Vector256<short> Widened(ref byte codes, nuint at) => Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, at).AsSByte());
}
