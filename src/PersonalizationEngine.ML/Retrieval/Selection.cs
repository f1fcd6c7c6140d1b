namespace PersonalizationEngine.ML.Retrieval;

/// <summary>Order statistics in linear expected time (Hoare's quickselect), for picking candidates without a heap.</summary>
public static class Selection
{
    /// <summary>The <paramref name="k"/>-th largest value (1-based); reorders <paramref name="values"/>' copy, not the values.</summary>
    public static float KthLargest(ReadOnlySpan<float> values, int k)
    {
        if (k <= 0 || k > values.Length) throw new ArgumentOutOfRangeException(nameof(k));
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            var work = buffer.AsSpan(0, values.Length);
            values.CopyTo(work);
            var target = k - 1; // index in descending order
            int low = 0, high = work.Length - 1;
            while (low < high)
            {
                var pivot = Median(work[low], work[(low + high) >>> 1], work[high]);
                int i = low, j = high;
                while (i <= j)
                {
                    while (work[i] > pivot) i++;
                    while (work[j] < pivot) j--;
                    if (i > j) break;
                    (work[i], work[j]) = (work[j], work[i]);
                    i++;
                    j--;
                }
                if (target <= j) high = j;
                else if (target >= i) low = i;
                else break;
            }
            return work[target];
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static float Median(float a, float b, float c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
