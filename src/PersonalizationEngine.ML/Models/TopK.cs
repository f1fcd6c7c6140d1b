namespace PersonalizationEngine.ML.Models;

/// <summary>
/// The k best-scored indices, best first, skipping excluded ones: a size-k min-heap, touched only when a
/// score beats the current k-th best (most scores of a large catalog are one comparison each).
/// </summary>
public static class TopK
{
    public static int[] Select(ReadOnlySpan<float> scores, int k, IReadOnlySet<int>? excluded = null)
    {
        if (k <= 0) return [];
        var heap = new PriorityQueue<int, (float Score, int Negated)>(k);
        for (var i = 0; i < scores.Length; i++)
        {
            if (excluded?.Contains(i) == true || float.IsNaN(scores[i])) continue;
            // Ties go to the lower index, so results are deterministic.
            var priority = (scores[i], -i);
            if (heap.Count < k) heap.Enqueue(i, priority);
            else if (heap.TryPeek(out _, out var kthBest) && priority.CompareTo(kthBest) > 0) heap.EnqueueDequeue(i, priority);
        }
        var best = new int[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--) best[i] = heap.Dequeue();
        return best;
    }
}
