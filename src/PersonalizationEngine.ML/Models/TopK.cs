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
        var kthBest = float.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            // Below the k-th best (the common case once the heap is full) is one comparison.
            if (scores[i] < kthBest || float.IsNaN(scores[i]) || excluded?.Contains(i) == true) continue;
            // Ties go to the lower index, so results are deterministic.
            var priority = (scores[i], -i);
            if (heap.Count < k) heap.Enqueue(i, priority);
            else if (heap.TryPeek(out _, out var lowest) && priority.CompareTo(lowest) > 0) heap.EnqueueDequeue(i, priority);
            if (heap.Count == k && heap.TryPeek(out _, out var least)) kthBest = least.Score;
        }
        var best = new int[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--) best[i] = heap.Dequeue();
        return best;
    }
}
