namespace PersonalizationEngine.Contracts.Offers;

/// <summary>What the offer grain has counted from offer events: the sufficient statistics of its acceptance-rate posterior.</summary>
[GenerateSerializer, Immutable]
public sealed record OfferStatistics(
    [property: Id(0)] long Impressions,
    [property: Id(1)] long Accepted,
    [property: Id(2)] long Dismissed,
    [property: Id(3)] DateTimeOffset? LastEventAt);
