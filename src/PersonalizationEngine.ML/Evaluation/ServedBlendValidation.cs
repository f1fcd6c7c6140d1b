using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// Chooses every weight of the served blend on a validation split: the served model is fitted once on
/// the training part, then ranked with each candidate, one weight at a time (coordinate search): the
/// item-to-item links per item first (where more than one count is offered: the strongest of those fitted),
/// then the history share, the history's half-life, popularity, category affinity and co-interaction, each
/// step keeping the best so far. At most 24 rankings of the validation users instead of thousands for a full grid. The engine's trainer
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
    /// <summary>Links per item tried beside the configured count, where the catalog is small enough (<see cref="NeighborCounts"/>).</summary>
    public static readonly int[] MoreNeighbors = [200, 1_000];
    /// <summary>
    /// The links a published model may hold in all (8 bytes each, 16 MB): more links per item are tried only on
    /// catalogs small enough, where a history's matches then read (nearly) whole EASE rows.
    /// </summary>
    public const long DefaultMaxNeighborLinks = 2_000_000;

    /// <summary>The links per item to try: the configured count, and each of <see cref="MoreNeighbors"/> above it that keeps <paramref name="items"/> within <paramref name="maxLinks"/>.</summary>
    public static int[] NeighborCounts(int configured, int items, long maxLinks = DefaultMaxNeighborLinks) =>
        [configured, .. MoreNeighbors.Where(n => n > configured && (long)n * items <= maxLinks)];

    /// <param name="maxUsers">Validation users measured at most (an even sample by id), so large shops validate in seconds.</param>
    /// <param name="neighborCounts">
    /// Links per item to choose from, fewest first (<see cref="NeighborCounts"/>); <paramref name="create"/> must fit at
    /// least the largest. Null or one count: the model ranks with every link it fitted.
    /// </param>
    public static ServedBlendChoice Choose(IReadOnlyList<Interaction> train, IReadOnlyList<Interaction> validation,
        Func<IReadOnlyList<Interaction>, ServedRankerModel> create, int k, int maxUsers = int.MaxValue, IReadOnlyList<int>? neighborCounts = null)
    {
        var matrix = InteractionMatrix.Build(train);
        var model = create(train);
        model.Fit(matrix);
        var relevant = Sample(OfflineEvaluator.RelevantOf(validation), maxUsers);
        var tried = new List<(ServedBlend Blend, int? NeighborsPerItem, double Ndcg)>();
        var measured = new Dictionary<(ServedBlend, int?), RankingResult>();
        RankingResult Measure(ServedBlend blend, int? neighbors)
        {
            if (measured.TryGetValue((blend, neighbors), out var known)) return known;
            (model.Blend, model.NeighborsPerItem) = (blend, neighbors);
            var result = OfflineEvaluator.Measure(model, matrix, relevant, k).Metrics;
            tried.Add((blend, neighbors, result.Ndcg));
            return measured[(blend, neighbors)] = result;
        }

        // Ties go to the first count: fewer links, a smaller model and less work per request.
        int? links = neighborCounts is { Count: > 1 } counts ? counts.MaxBy(n => Measure(ServedBlend.Default, n).Ndcg) : null;
        RankingResult MeasureBlend(ServedBlend blend) => Measure(blend, links);
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
            best = candidates(best).MaxBy(b => MeasureBlend(b).Ndcg)!;
        }
        (model.Blend, model.NeighborsPerItem) = (best, links);
        return new ServedBlendChoice(best, links, measured[(best, links)], tried);
    }

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Sample(IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, int maxUsers)
    {
        if (relevant.Count <= maxUsers) return relevant;
        var step = (double)relevant.Count / maxUsers;
        var users = relevant.Keys.Order(StringComparer.Ordinal).ToArray();
        return Enumerable.Range(0, maxUsers).Select(i => users[(int)(i * step)]).ToDictionary(u => u, u => relevant[u], StringComparer.Ordinal);
    }
}
