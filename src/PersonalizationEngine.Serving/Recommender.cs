using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Gathers what <see cref="PersonalRanker"/> needs (the customer's recent products from their grain, the
/// serving model, the catalog) and ranks outside any grain turn, so a busy grain is never blocked by
/// scoring. Product grains are asked for live co-interactions only for products the serving model does
/// not know. Each request reads the current model once, so a model swap in the middle of a request cannot
/// mix two versions.
/// </summary>
public sealed class Recommender(IGrainFactory grains, LiveCatalog catalog, ModelStore<ItemFactorSnapshot> models, ColdStartProducts coldStart)
{
    public const string BaselineVersion = "baseline-popularity-cointeraction-1";

    private static readonly double ContextWeight = 2.0 * InteractionWeights.For(InteractionType.Purchase, 0);

    public async Task<Recommendation> RecommendAsync(RecommendationQuery query)
    {
        var model = models.Current;
        var profile = await grains.ByKey<ICustomerGrain>(query.CustomerId).GetProfileAsync();
        var excluded = new HashSet<string>(query.ExcludedProductIds, StringComparer.Ordinal);
        if (!query.IncludePurchased) excluded.UnionWith(profile.PurchasedProductIds);
        if (query.ContextProductId is not null) excluded.Add(query.ContextProductId);
        var request = new PersonalRequest(query.Count, RecentOf(profile), profile.ProductWeights, query.ContextProductId, ContextWeight, excluded, query.Categories, query.Diversity);
        var items = await PersonalRanker.RankAsync(request, model?.Model, catalog.View(), ColdStartFor(model), LiveNeighborsAsync);
        return new Recommendation(items, model?.VersionName ?? BaselineVersion);
    }

    public async Task<Recommendation> SimilarAsync(string productId, int count)
    {
        var model = models.Current;
        var items = await PersonalRanker.SimilarAsync(productId, count, model?.Model, catalog.View(), ColdStartFor(model), LiveNeighborsAsync);
        return new Recommendation(items, model?.VersionName ?? BaselineVersion);
    }

    private ColdStartFactors ColdStartFor(ServingModel<ItemFactorSnapshot>? model) =>
        model is null ? ColdStartFactors.None : coldStart.For(model);

    private static IReadOnlyList<RecentProduct> RecentOf(CustomerProfile profile) =>
        profile.RecentInteractions
            .Select(r => new RecentProduct(r.ProductId, InteractionWeights.For(r.Type, r.Value), InteractionWeights.Verb(r.Type)))
            .ToArray();

    private async Task<IReadOnlyList<Neighbor>[]> LiveNeighborsAsync(IReadOnlyList<string> productIds)
    {
        var live = await Task.WhenAll(productIds.Select(id => grains.ByKey<IProductGrain>(id).GetNeighborsAsync(PersonalRanker.NeighborsPerSeed)));
        return live.Select(list => (IReadOnlyList<Neighbor>)list.Select(n => new Neighbor(n.ProductId, n.Strength)).ToArray()).ToArray();
    }
}
