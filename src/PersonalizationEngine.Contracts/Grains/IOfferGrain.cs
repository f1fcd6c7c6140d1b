using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Offers;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One per offer, keyed by offer id. Counts the offer's impressions, acceptances and dismissals from its
/// event stream (<see cref="Events.StreamNamespaces.Offer"/>) as they are committed.
/// </summary>
public interface IOfferGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<OfferStatistics> GetStatisticsAsync();
}
