using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Server.Serving;

/// <summary>
/// Gathers what the ranker needs from the grains (the customer's recent products, their co-interacted
/// products) and ranks outside any grain turn, so a busy grain is never blocked by scoring.
/// </summary>
public sealed class Recommender(IGrainFactory grains, LiveCatalog catalog)
{
    public const string ModelVersion = "baseline-popularity-cointeraction-1";

    /// <summary>How many of the customer's latest distinct products seed the co-interaction candidates.</summary>
    private const int SeedProducts = 5;
    private const int NeighborsPerSeed = 30;
    /// <summary>Each older seed counts this much less than the one after it.</summary>
    private const double SeedRecencyDecay = 0.8;
    private static readonly BlendRanker Ranker = new(BlendWeights.Default);

    public async Task<IReadOnlyList<RankedItem>> RecommendAsync(RecommendationQuery query)
    {
        var profile = await grains.GetGrain<ICustomerGrain>(query.CustomerId).GetProfileAsync();
        var seeds = SeedsOf(profile, query.ContextProductId);
        var excluded = new HashSet<string>(query.ExcludedProductIds, StringComparer.Ordinal);
        if (!query.IncludePurchased) excluded.UnionWith(profile.PurchasedProductIds);
        if (query.ContextProductId is not null) excluded.Add(query.ContextProductId);
        var request = new RankingRequest(query.Count, await WithNeighborsAsync(seeds), excluded, query.Categories, query.Diversity);
        return Ranker.Rank(request, catalog);
    }

    public async Task<IReadOnlyList<RankedItem>> SimilarAsync(string productId, int count)
    {
        var seed = new SeedSpec(productId, $"often together with {productId}", 1.0);
        var request = new RankingRequest(count, await WithNeighborsAsync([seed]), new HashSet<string> { productId }, new HashSet<string>(), 0);
        return Ranker.Rank(request, catalog);
    }

    /// <summary>The latest distinct products, newest weighing most; the product being looked at weighs most of all.</summary>
    private static List<SeedSpec> SeedsOf(CustomerProfile profile, string? contextProductId)
    {
        var seeds = new List<SeedSpec>();
        if (contextProductId is not null) seeds.Add(new SeedSpec(contextProductId, $"because you are looking at {contextProductId}", 2.0 * InteractionWeights.For(Contracts.Events.InteractionType.Purchase, 0)));
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
