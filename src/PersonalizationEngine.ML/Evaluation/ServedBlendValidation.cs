using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// Chooses the served blend's history share on a validation split: the served model is fitted once on
/// the training part and ranked with each candidate share; the share with the best NDCG wins. The engine's
/// trainer and <c>pe eval</c> both choose this way, so the evaluated blend is the one that would serve.
/// </summary>
public static class ServedBlendValidation
{
    /// <summary>
    /// The whole range: a product newer than the model competes with its content taste for the history
    /// share too (<see cref="Ranking.RankingRequest.NewerThanModel"/>), so no share shuts new products out.
    /// </summary>
    public static readonly double[] Shares = [0, 0.25, 0.5, 0.75, 1];

    /// <param name="maxUsers">Validation users measured at most (an even sample by id), so large shops validate in seconds.</param>
    public static ServedBlendChoice Choose(IReadOnlyList<Interaction> train, IReadOnlyList<Interaction> validation,
        Func<IReadOnlyList<Interaction>, ServedRankerModel> create, int k, int maxUsers = int.MaxValue)
    {
        var matrix = InteractionMatrix.Build(train);
        var model = create(train);
        model.Fit(matrix);
        var relevant = Sample(OfflineEvaluator.RelevantOf(validation), maxUsers);
        var results = Shares.Select(share =>
        {
            model.HistoryShare = share;
            return (Share: share, OfflineEvaluator.Measure(model, matrix, relevant, k).Metrics);
        }).ToArray();
        // Ties go to the first (less item-to-item), as the grid is ordered.
        var best = results.OrderByDescending(r => r.Metrics.Ndcg).First();
        return new ServedBlendChoice(best.Share, best.Metrics, results.ToDictionary(r => r.Share, r => r.Metrics.Ndcg));
    }

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Sample(IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, int maxUsers)
    {
        if (relevant.Count <= maxUsers) return relevant;
        var step = (double)relevant.Count / maxUsers;
        var users = relevant.Keys.Order(StringComparer.Ordinal).ToArray();
        return Enumerable.Range(0, maxUsers).Select(i => users[(int)(i * step)]).ToDictionary(u => u, u => relevant[u], StringComparer.Ordinal);
    }
}
