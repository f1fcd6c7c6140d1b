using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Offers;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One per offer, keyed by offer id. Counts the offer's impressions, acceptances and dismissals from its
/// events (<see cref="IEventProjectionGrain"/>) as they are committed.
/// </summary>
public interface IOfferGrain : IEventProjectionGrain
{
    [AlwaysInterleave]
    Task<OfferStatistics> GetStatisticsAsync();
}
