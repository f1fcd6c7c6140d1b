namespace PersonalizationEngine.ML.Models;

/// <summary>The k best-scored indices, best first, skipping excluded ones (a size-k min-heap: O(n log k)).</summary>
public static class TopK
{
    public static int[] Select(ReadOnlySpan<float> scores, int k, IReadOnlySet<int>? excluded = null)
    {
        var heap = new PriorityQueue<int, (float Score, int Negated)>(k + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            if (excluded?.Contains(i) == true || float.IsNaN(scores[i])) continue;
            // Ties go to the lower index, so results are deterministic.
            heap.Enqueue(i, (scores[i], -i));
            if (heap.Count > k) heap.Dequeue();
        }
        var best = new int[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--) best[i] = heap.Dequeue();
        return best;
    }
}
