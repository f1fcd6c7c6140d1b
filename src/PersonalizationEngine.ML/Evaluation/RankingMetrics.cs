namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// Top-k ranking metrics exactly as Microsoft Recommenders defines them
/// (recommenders.evaluation.python_evaluation, binary relevance): averages over the users that have both
/// test items and recommendations; precision@k divides hits by k; recall@k by the user's number of
/// relevant items; NDCG@k uses 1/log2(rank+1) gains and the ideal DCG of min(relevant, k) hits;
/// <see cref="RankingResult.Map"/> is their <c>map</c> (sum of precision at each hit, divided by ALL the
/// user's relevant items), <see cref="RankingResult.MapAtK"/> their <c>map_at_k</c> (divided by min(relevant, k)).
/// </summary>
public static class RankingMetrics
{
    /// <param name="recommended">Each user's ranked list (best first; only the first k count).</param>
    /// <param name="relevant">Each user's relevant (test) items.</param>
    public static RankingResult Evaluate<TUser, TItem>(
        IReadOnlyDictionary<TUser, IReadOnlyList<TItem>> recommended, IReadOnlyDictionary<TUser, IReadOnlySet<TItem>> relevant, int k)
        where TUser : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        double precision = 0, recall = 0, ndcg = 0, map = 0, mapAtK = 0;
        var users = 0;
        foreach (var (user, truth) in relevant)
        {
            if (truth.Count == 0 || !recommended.TryGetValue(user, out var list) || list.Count == 0) continue;
            users++;
            double hits = 0, dcg = 0, precisionSum = 0;
            for (var rank = 1; rank <= Math.Min(k, list.Count); rank++)
            {
                if (!truth.Contains(list[rank - 1])) continue;
                hits++;
                dcg += 1 / Math.Log2(rank + 1);
                precisionSum += hits / rank;
            }
            var idealHits = Math.Min(truth.Count, k);
            var idcg = 0.0;
            for (var rank = 1; rank <= idealHits; rank++) idcg += 1 / Math.Log2(rank + 1);
            precision += hits / k;
            recall += hits / truth.Count;
            ndcg += dcg / idcg;
            map += precisionSum / truth.Count;
            mapAtK += precisionSum / idealHits;
        }
        return users == 0
            ? new RankingResult(k, 0, 0, 0, 0, 0, 0)
            : new RankingResult(k, users, precision / users, recall / users, ndcg / users, map / users, mapAtK / users);
    }
}
