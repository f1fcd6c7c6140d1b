using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Catalog;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One per product, keyed by product id. Projects the product's events (<see cref="IEventProjectionGrain"/>)
/// and receives co-interactions from customer grains.
/// </summary>
public interface IProductGrain : IEventProjectionGrain
{
    [AlwaysInterleave]
    Task<ProductStatistics> GetStatisticsAsync();

    /// <summary>The strongest co-interacted products, strongest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ProductNeighbor>> GetNeighborsAsync(int count);

    /// <summary>
    /// Customers interacted with this product close in time to others. Each event's link is applied once
    /// (a link sent again is a duplicate); when the call returns the projection's checkpoint cannot pass the
    /// event before the state holding the link is written.
    /// </summary>
    Task RecordCoInteractionsAsync(CoInteraction[] links);
}
