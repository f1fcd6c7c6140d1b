namespace PersonalizationEngine.Contracts.Catalog;

/// <summary>What the product grain has counted from events.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductStatistics(
    [property: Id(0)] long Views,
    [property: Id(1)] long AddToCarts,
    [property: Id(2)] long Purchases,
    [property: Id(3)] double Popularity,
    [property: Id(4)] DateTimeOffset? LastEventAt);
