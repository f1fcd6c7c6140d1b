using System.Buffers;
using System.Numerics.Tensors;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Server.Serving;

/// <summary>
/// Gathers what the ranker needs from the grains (the customer's recent products, their co-interacted
/// products) and from the serving model (the customer folded in against its item factors, live), and
/// ranks outside any grain turn, so a busy grain is never blocked by scoring. Each request reads the
/// current model once, so a model swap in the middle of a request cannot mix two versions.
/// </summary>
public sealed class Recommender(IGrainFactory grains, LiveCatalog catalog, ModelStore<ItemFactorSnapshot> models, ColdStartProducts coldStart)
{
    public const string BaselineVersion = "baseline-popularity-cointeraction-1";

    /// <summary>How many of the customer's latest distinct products seed the co-interaction candidates.</summary>
    private const int SeedProducts = 5;
    private const int NeighborsPerSeed = 30;
    /// <summary>Each older seed counts this much less than the one after it.</summary>
    private const double SeedRecencyDecay = 0.8;
    private static readonly double ContextWeight = 2.0 * InteractionWeights.For(InteractionType.Purchase, 0);
    private static readonly BlendRanker Ranker = new(BlendWeights.Default, BlendWeights.WithTaste);

    public async Task<Recommendation> RecommendAsync(RecommendationQuery query)
    {
        var model = models.Current;
        var profile = await grains.GetGrain<ICustomerGrain>(query.CustomerId).GetProfileAsync();
        var seeds = SeedsOf(profile, query.ContextProductId);
        var excluded = new HashSet<string>(query.ExcludedProductIds, StringComparer.Ordinal);
        if (!query.IncludePurchased) excluded.UnionWith(profile.PurchasedProductIds);
        if (query.ContextProductId is not null) excluded.Add(query.ContextProductId);
        var pool = query.Count * 4 + excluded.Count;
        var taste = model is null ? null : Taste(model, model.Model.FoldIn(HistoryOf(profile, query.ContextProductId)), pool);
        var request = new RankingRequest(query.Count, await WithNeighborsAsync(seeds), excluded, query.Categories, query.Diversity, taste);
        return new Recommendation(Ranker.Rank(request, catalog), model?.VersionName ?? BaselineVersion);
    }

    public async Task<Recommendation> SimilarAsync(string productId, int count)
    {
        var model = models.Current;
        var seed = new SeedSpec(productId, $"often together with {productId}", 1.0);
        // The product's own factor ranks the products the model puts closest to it.
        var taste = model is not null && model.Model.TryGetIndex(productId, out var index)
            ? Taste(model, model.Model.ItemFactors.AsSpan(index * model.Model.Factors, model.Model.Factors), count * 4 + 1)
            : null;
        var request = new RankingRequest(count, await WithNeighborsAsync([seed]), new HashSet<string> { productId }, new HashSet<string>(), 0,
            taste, $"similar to {productId}");
        return new Recommendation(Ranker.Rank(request, catalog), model?.VersionName ?? BaselineVersion);
    }

    /// <summary>
    /// The model's best <paramref name="count"/> products for a vector, scored relative to the best (in
    /// [0, 1]); products the model has not seen compete with factors from their content.
    /// </summary>
    private Dictionary<string, double>? Taste(ServingModel<ItemFactorSnapshot> model, ReadOnlySpan<float> vector, int count)
    {
        var snapshot = model.Model;
        var scores = ArrayPool<float>.Shared.Rent(snapshot.ItemIds.Count);
        try
        {
            var span = scores.AsSpan(0, snapshot.ItemIds.Count);
            snapshot.Score(vector, span);
            var ranked = new List<(string Id, float Score)>(count);
            foreach (var i in TopK.Select(span, count)) ranked.Add((snapshot.ItemIds[i], span[i]));
            foreach (var (productId, factor) in coldStart.For(model))
            {
                ranked.Add((productId, TensorPrimitives.Dot(vector, factor)));
            }
            var best = ranked.OrderByDescending(r => r.Score).Take(count).Where(r => r.Score > 0).ToList();
            if (best.Count == 0) return null;
            return best.ToDictionary(r => r.Id, r => (double)(r.Score / best[0].Score), StringComparer.Ordinal);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>What the customer did lately, weighted as in training, plus the product they are looking at.</summary>
    private static IEnumerable<(string ItemId, float Value)> HistoryOf(CustomerProfile profile, string? contextProductId)
    {
        foreach (var r in profile.RecentInteractions) yield return (r.ProductId, (float)InteractionWeights.For(r.Type, r.Value));
        if (contextProductId is not null) yield return (contextProductId, (float)ContextWeight);
    }

    /// <summary>The latest distinct products, newest weighing most; the product being looked at weighs most of all.</summary>
    private static List<SeedSpec> SeedsOf(CustomerProfile profile, string? contextProductId)
    {
        var seeds = new List<SeedSpec>();
        if (contextProductId is not null) seeds.Add(new SeedSpec(contextProductId, $"because you are looking at {contextProductId}", ContextWeight));
        var recency = 1.0;
        foreach (var group in profile.RecentInteractions.GroupBy(r => r.ProductId))
        {
            if (seeds.Count >= SeedProducts) break;
            if (group.Key == contextProductId) continue;
            var strongest = group.MaxBy(r => InteractionWeights.For(r.Type, r.Value))!;
            var weight = recency * group.Sum(r => InteractionWeights.For(r.Type, r.Value));
            recency *= SeedRecencyDecay;
            if (weight <= 0) continue;
            seeds.Add(new SeedSpec(group.Key, $"because you {InteractionWeights.Verb(strongest.Type)} {group.Key}", weight));
        }
        return seeds;
    }

    private async Task<IReadOnlyList<Seed>> WithNeighborsAsync(IReadOnlyList<SeedSpec> seeds)
    {
        var neighbors = await Task.WhenAll(seeds.Select(s => grains.GetGrain<IProductGrain>(s.ProductId).GetNeighborsAsync(NeighborsPerSeed)));
        return seeds.Select((s, i) => new Seed(s.ProductId, s.Reason, s.Weight,
            neighbors[i].Select(n => new Neighbor(n.ProductId, n.Strength)).ToArray())).ToArray();
    }

    private sealed record SeedSpec(string ProductId, string Reason, double Weight);
}
