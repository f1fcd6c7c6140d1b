using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Grains.Experiments;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Gathers what <see cref="PersonalRanker"/> needs (the customer's recent products from their grain, the
/// serving model, the catalog) and ranks outside any grain turn, so a busy grain is never blocked by
/// scoring. Product grains are asked for live co-interactions only for products the serving model does
/// not know. Each request reads the current model once, so a model swap in the middle of a request cannot
/// mix two versions. While an experiment runs, a customer in its challenger arm is ranked by the
/// challenger instead. A list that is not a prefetch is an impression: it gets an id, is counted for its
/// version and arm, and goes (<see cref="ServedListsOutbox"/>) to the customer's grain for purchases attributed without the id.
/// </summary>
public sealed class Recommender(
    IGrainFactory grains, LiveCatalog catalog, ModelStore<ItemFactorSnapshot> models, ColdStartProducts coldStart,
    ExperimentAssignment experiments, OnlineMetricsRecorder onlineMetrics, ServedListsOutbox servedLists, TimeProvider time)
{
    public const string BaselineVersion = "baseline-popularity-cointeraction-1";

    private static readonly double ContextWeight = 2.0 * InteractionWeights.For(InteractionType.Purchase, 0);

    public async Task<Recommendation> RecommendAsync(RecommendationQuery query)
    {
        var arm = experiments.ArmOf(query.CustomerId);
        var model = arm?.ChallengerModel ?? models.Current;
        var profile = await grains.ByKey<ICustomerGrain>(query.CustomerId).GetProfileAsync();
        var excluded = new HashSet<string>(query.ExcludedProductIds, StringComparer.Ordinal);
        if (!query.IncludePurchased) excluded.UnionWith(profile.PurchasedProductIds);
        if (query.ContextProductId is not null) excluded.Add(query.ContextProductId);
        IReadOnlyList<RankedItem> items;
        string version;
        if (arm is { IsChallenger: true, ChallengerModel: null })
        {
            items = MostPopular(query.Count, excluded, query.Categories);
            version = ExperimentDefinition.Popularity;
        }
        else
        {
            var request = new PersonalRequest(query.Count, RecentOf(profile), profile.ProductWeights, query.ContextProductId, ContextWeight, excluded, query.Categories, query.Diversity);
            items = await PersonalRanker.RankAsync(request, model?.Model, catalog.View(), ColdStartFor(model), LiveNeighborsAsync);
            version = model?.VersionName ?? BaselineVersion;
        }
        var tag = new ServedListTag(version, arm?.Experiment.Name, arm?.Name);
        return new Recommendation(items, version, query.Prefetch ? null : Served(tag, items, query.CustomerId), arm?.Experiment.Name, arm?.Name);
    }

    /// <param name="customerId">Who is shown the list, if known (their purchases of its products are attributed).</param>
    public async Task<Recommendation> SimilarAsync(string productId, int count, string? customerId = null, bool prefetch = false)
    {
        var model = models.Current;
        var items = await PersonalRanker.SimilarAsync(productId, count, model?.Model, catalog.View(), ColdStartFor(model), LiveNeighborsAsync);
        var version = model?.VersionName ?? BaselineVersion;
        return new Recommendation(items, version, prefetch ? null : Served(new ServedListTag(version), items, customerId));
    }

    /// <summary>Counts the impression, sends the list toward the customer's grain (the answer does not wait), and names the list.</summary>
    private string Served(ServedListTag tag, IReadOnlyList<RankedItem> items, string? customerId)
    {
        var now = time.GetUtcNow();
        onlineMetrics.Served(tag, items.Count, now);
        if (customerId is not null && items.Count > 0)
        {
            var productIds = new string[items.Count];
            for (var i = 0; i < productIds.Length; i++) productIds[i] = items[i].ProductId;
            servedLists.Add(customerId, new ServedList(tag, now, productIds));
        }
        return RecommendationIds.New(tag);
    }

    /// <summary>The popularity challenger: the most popular available products (in the asked categories), none excluded.</summary>
    private List<RankedItem> MostPopular(int count, HashSet<string> excluded, IReadOnlySet<string> categories)
    {
        var view = catalog.View();
        var wanted = count + excluded.Count;
        var pool = categories.Count == 0 ? view.MostPopular(wanted)
            : categories.SelectMany(c => view.MostPopular(wanted, c)).OrderByDescending(e => e.Popularity).ToList();
        var top = pool.Count > 0 ? pool[0].Popularity : 0;
        return pool.Where(e => !excluded.Contains(e.ProductId)).Take(count)
            .Select(e => new RankedItem(e.ProductId, e.Category, top > 0 ? e.Popularity / top : 0, "popular now")).ToList();
    }

    private ColdStartFactors ColdStartFor(ServingModel<ItemFactorSnapshot>? model) =>
        model is null ? ColdStartFactors.None : coldStart.For(model);

    private static IReadOnlyList<RecentProduct> RecentOf(CustomerProfile profile) =>
        profile.RecentInteractions
            .Select(r => new RecentProduct(r.ProductId, InteractionWeights.For(r.Type, r.Value), InteractionWeights.Verb(r.Type), r.OccurredAt))
            .ToArray();

    private async Task<IReadOnlyList<Neighbor>[]> LiveNeighborsAsync(IReadOnlyList<string> productIds)
    {
        var live = await Task.WhenAll(productIds.Select(id => grains.ByKey<IProductGrain>(id).GetNeighborsAsync(PersonalRanker.NeighborsPerSeed)));
        return live.Select(list => (IReadOnlyList<Neighbor>)list.Select(n => new Neighbor(n.ProductId, n.Strength)).ToArray()).ToArray();
    }
}
