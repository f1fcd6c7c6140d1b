using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// Chooses every weight of the served blend on a validation split: the served model is fitted once on
/// the training part, then ranked with each candidate, one weight at a time (coordinate search): the
/// history share first, then the history's half-life, popularity, category affinity and co-interaction, each
/// step keeping the best so far. At most 21 rankings of the validation users instead of the 1,200 of a full grid. The engine's trainer
/// and <c>pe eval</c> both choose this way, so the evaluated blend is the one that would serve.
/// </summary>
public static class ServedBlendValidation
{
    /// <summary>
    /// The whole range: a product newer than the model competes with its content taste for the history
    /// share too (<see cref="TasteMatch.NewerThanModel"/>), so no share shuts new products out.
    /// </summary>
    public static readonly double[] Shares = [0, 0.25, 0.5, 0.75, 1];
    /// <summary>None first: a half-life is taken only where recency ranks better (next purchases, not a random split).</summary>
    public static readonly TimeSpan?[] HistoryHalfLives = [null, TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromDays(365)];
    public static readonly double[] Popularity = [0, 0.05, 0.15, 0.3];
    public static readonly double[] CategoryAffinity = [0, 0.05, 0.15];
    public static readonly double[] CoInteraction = [0, 0.05, 0.1, 0.2];

    /// <param name="maxUsers">Validation users measured at most (an even sample by id), so large shops validate in seconds.</param>
    public static ServedBlendChoice Choose(IReadOnlyList<Interaction> train, IReadOnlyList<Interaction> validation,
        Func<IReadOnlyList<Interaction>, ServedRankerModel> create, int k, int maxUsers = int.MaxValue)
    {
        var matrix = InteractionMatrix.Build(train);
        var model = create(train);
        model.Fit(matrix);
        var relevant = Sample(OfflineEvaluator.RelevantOf(validation), maxUsers);
        var tried = new List<(ServedBlend Blend, double Ndcg)>();
        var measured = new Dictionary<ServedBlend, RankingResult>();
        RankingResult Measure(ServedBlend blend)
        {
            if (measured.TryGetValue(blend, out var known)) return known;
            model.Blend = blend;
            var result = OfflineEvaluator.Measure(model, matrix, relevant, k).Metrics;
            tried.Add((blend, result.Ndcg));
            return measured[blend] = result;
        }

        var best = ServedBlend.Default;
        var steps = new Func<ServedBlend, IEnumerable<ServedBlend>>[]
        {
            b => Shares.Select(v => b with { HistoryShare = v }),
            b => HistoryHalfLives.Select(v => b with { HistoryHalfLife = v }),
            b => Popularity.Select(v => b with { Popularity = v }),
            b => CategoryAffinity.Select(v => b with { CategoryAffinity = v }),
            b => CoInteraction.Select(v => b with { CoInteraction = v }),
        };
        foreach (var candidates in steps)
        {
            // Ties go to the first candidate, as each grid is ordered (less item-to-item, no half-life, fewer live signals).
            best = candidates(best).MaxBy(b => Measure(b).Ndcg)!;
        }
        model.Blend = best;
        return new ServedBlendChoice(best, measured[best], tried);
    }

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Sample(IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, int maxUsers)
    {
        if (relevant.Count <= maxUsers) return relevant;
        var step = (double)relevant.Count / maxUsers;
        var users = relevant.Keys.Order(StringComparer.Ordinal).ToArray();
        return Enumerable.Range(0, maxUsers).Select(i => users[(int)(i * step)]).ToDictionary(u => u, u => relevant[u], StringComparer.Ordinal);
    }
}
