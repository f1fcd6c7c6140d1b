using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Catalog;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One per product, keyed by product id. Receives the product's events through an implicit stream
/// subscription (<see cref="Events.StreamNamespaces.Product"/>) and co-interactions from customer grains.
/// </summary>
public interface IProductGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<ProductStatistics> GetStatisticsAsync();

    /// <summary>The strongest co-interacted products, strongest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ProductNeighbor>> GetNeighborsAsync(int count);

    /// <summary>The sentiment of the product's reviews (review events are scored as they arrive).</summary>
    Task<ProductSentiment> GetSentimentAsync();

    /// <summary>A customer interacted with this product close in time to <paramref name="otherProductIds"/>.</summary>
    [OneWay]
    Task RecordCoInteractionsAsync(IReadOnlyList<string> otherProductIds, double weight, DateTimeOffset occurredAt);
}
