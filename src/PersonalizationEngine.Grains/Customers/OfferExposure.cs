namespace PersonalizationEngine.Grains.Customers;

/// <summary>How often an offer was shown to one customer, and when last.</summary>
[GenerateSerializer, Immutable]
public sealed record OfferExposure([property: Id(0)] int Impressions, [property: Id(1)] DateTimeOffset LastShownAt);
