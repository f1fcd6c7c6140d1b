using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// New products, as a shop meets them: a share of the products (drawn with the seed) is held out of training
/// entirely, the factor model (implicit ALS) trains on the rest, and each user who interacted with a held-out
/// product ranks the held-out products only, scored by the user's factor against the product's factor from its
/// content. Methods: <c>popularity</c> (as a popularity recommender trained on the rest sees them: no
/// interactions, so in catalog order), <c>popularity-oracle</c> (each held-out product ranked by how many other users
/// interacted with it: a non-personalized ranking that knows the future, an upper bound), <c>content</c> (<see cref="ContentFactorModel"/>: shared
/// category, tags and title words) and <c>text</c> (<see cref="TextFactorModel"/>: the nearest known products by
/// the sentence encoder's embedding).
/// </summary>
public static class ColdStartEvaluation
{
    public static IReadOnlyList<ModelEvaluation> Run(IReadOnlyList<Interaction> data, IReadOnlyDictionary<string, DatasetProduct> products, double share, int seed,
        int k, ImplicitAlsOptions als, TextEncoder? encoder)
    {
        var known = data.Select(i => i.ItemId).Distinct().Where(products.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var cold = known.OrderBy(_ => random.Next()).Take((int)Math.Round(share * known.Count)).ToHashSet(StringComparer.Ordinal);
        var train = data.Where(i => !cold.Contains(i.ItemId)).ToList();
        var trainedUsers = train.Select(i => i.UserId).ToHashSet(StringComparer.Ordinal);
        var relevant = OfflineEvaluator.RelevantOf(data.Where(i => cold.Contains(i.ItemId) && trainedUsers.Contains(i.UserId)));
        var coldIds = cold.Order(StringComparer.Ordinal).ToArray();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = new ImplicitAlsModel(als);
        model.Fit(InteractionMatrix.Build(train));
        var snapshot = model.ToSnapshot();
        var alsSeconds = clock.Elapsed.TotalSeconds;
        var history = train.GroupBy(i => i.UserId).ToDictionary(g => g.Key, g => g.Select(i => (i.ItemId, i.Value)).ToList(), StringComparer.Ordinal);
        var userFactors = relevant.Keys.ToDictionary(u => u, u => snapshot.FoldIn(history[u]), StringComparer.Ordinal);

        var inCatalogOrder = relevant.ToDictionary(r => r.Key, _ => (IReadOnlyList<string>)coldIds.Take(k).ToArray());
        var results = new List<ModelEvaluation> { Evaluated("popularity", inCatalogOrder, relevant, coldIds, k, 0), OraclePopularity(relevant, coldIds, k) };
        clock.Restart();
        var content = ContentFactorModel.Fit(snapshot, id => products.TryGetValue(id, out var p) ? ContentFactorModel.Tokens(p.Category, [], p.Title) : null);
        results.Add(ByFactors("content", relevant, userFactors, coldIds.Select(id => content.FactorFor(ContentFactorModel.Tokens(products[id].Category, [], products[id].Title))).ToArray(),
            coldIds, k, alsSeconds + clock.Elapsed.TotalSeconds));
        if (encoder is not null)
        {
            clock.Restart();
            string TextOf(string id) => TextFactorModel.TextOf(products[id].Title, products[id].Category, []);
            var knownEmbeddings = encoder.Encode(snapshot.ItemIds.Select(TextOf).ToArray());
            var text = new TextFactorModel(snapshot.ItemFactors, snapshot.Factors, knownEmbeddings);
            var coldEmbeddings = encoder.Encode(coldIds.Select(TextOf).ToArray());
            results.Add(ByFactors("text", relevant, userFactors, coldEmbeddings.Select(e => text.FactorFor(e)).ToArray(), coldIds, k, alsSeconds + clock.Elapsed.TotalSeconds));
        }
        return results;
    }

    private static ModelEvaluation OraclePopularity(IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, string[] coldIds, int k)
    {
        var counts = coldIds.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var items in relevant.Values) foreach (var item in items) counts[item]++;
        var recommended = relevant.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)coldIds
            .OrderByDescending(id => counts[id] - (r.Value.Contains(id) ? 1 : 0)).ThenBy(id => id, StringComparer.Ordinal).Take(k).ToArray());
        return Evaluated("popularity-oracle", recommended, relevant, coldIds, k, 0);
    }

    private static ModelEvaluation ByFactors(string name, IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, Dictionary<string, float[]> userFactors,
        float[]?[] itemFactors, string[] coldIds, int k, double seconds)
    {
        var recommended = relevant.Keys.ToDictionary(u => u, u => (IReadOnlyList<string>)Enumerable.Range(0, coldIds.Length)
            .OrderByDescending(i => itemFactors[i] is { } f ? TensorPrimitives.Dot(userFactors[u], f) : float.NegativeInfinity)
            .ThenBy(i => coldIds[i], StringComparer.Ordinal).Take(k).Select(i => coldIds[i]).ToArray(), StringComparer.Ordinal);
        return Evaluated(name, recommended, relevant, coldIds, k, seconds);
    }

    private static ModelEvaluation Evaluated(string name, Dictionary<string, IReadOnlyList<string>> recommended, IReadOnlyDictionary<string, IReadOnlySet<string>> relevant,
        string[] coldIds, int k, double seconds) =>
        new(name, RankingMetrics.Evaluate(recommended, relevant, k), recommended.Values.SelectMany(l => l).Distinct().Count() / (double)coldIds.Length, seconds);
}
