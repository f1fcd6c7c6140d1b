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
}
