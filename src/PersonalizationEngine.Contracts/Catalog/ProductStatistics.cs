namespace PersonalizationEngine.Contracts.Catalog;

/// <summary>
/// What the product grain has counted from events; <see cref="NetUnits30Days"/> and <see cref="NetRevenue30Days"/>
/// are sales less returns over the last 30 days (today included), <see cref="NetUnits24Hours"/> over the last 24 hours
/// (this hour included). Popularity is the live catalog's; id 3 held it once.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductStatistics(
    [property: Id(0)] long Views,
    [property: Id(1)] long AddToCarts,
    [property: Id(2)] long Purchases,
    [property: Id(4)] DateTimeOffset? LastEventAt,
    [property: Id(5)] double NetUnits30Days = 0,
    [property: Id(6)] double NetRevenue30Days = 0,
    [property: Id(7)] double NetUnits24Hours = 0);
