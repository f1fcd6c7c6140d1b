namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// Maximal marginal relevance: picks items one at a time by (1 - λ)·score − λ·redundancy, where an item is
/// redundant when an already picked item shares its category. λ = 0 keeps the relevance order.
/// </summary>
public static class DiversityReranker
{
    /// <param name="ranked">Candidates in relevance order (best first).</param>
    public static IReadOnlyList<T> Rerank<T>(IReadOnlyList<T> ranked, int count, double diversity, Func<T, string> categoryOf, Func<T, double> scoreOf)
    {
        if (diversity <= 0 || ranked.Count <= 1) return ranked.Take(count).ToList();

        var remaining = ranked.ToList();
        var picked = new List<T>(Math.Min(count, ranked.Count));
        var pickedCategories = new HashSet<string>(StringComparer.Ordinal);
        while (picked.Count < count && remaining.Count > 0)
        {
            var best = 0;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < remaining.Count; i++)
            {
                var redundancy = pickedCategories.Contains(categoryOf(remaining[i])) ? 1.0 : 0.0;
                var value = (1 - diversity) * scoreOf(remaining[i]) - diversity * redundancy;
                // Strictly greater keeps the earlier (more relevant) item on ties.
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }
            picked.Add(remaining[best]);
            pickedCategories.Add(categoryOf(remaining[best]));
            remaining.RemoveAt(best);
        }
        return picked;
    }
}
