using System.Collections.Concurrent;
using PersonalizationEngine.Contracts.Catalog;

namespace PersonalizationEngine.Serving;

/// <summary>This silo's offers: rebuilt from the event log's offer records on start-up and kept current as upserts are committed.</summary>
public sealed class LiveOffers
{
    private readonly ConcurrentDictionary<string, OfferInfo> _offers = new(StringComparer.Ordinal);

    public int Count => _offers.Count;

    public void Upsert(OfferInfo offer) => _offers[offer.OfferId] = offer;

    public OfferInfo? Get(string offerId) => _offers.GetValueOrDefault(offerId);

    /// <summary>Every offer, or those running at <paramref name="activeAt"/>, ordered by id.</summary>
    public IReadOnlyList<OfferInfo> List(DateTimeOffset? activeAt = null) =>
        _offers.Values.Where(o => activeAt is not { } at || o.IsActiveAt(at)).OrderBy(o => o.OfferId, StringComparer.Ordinal).ToArray();
}
