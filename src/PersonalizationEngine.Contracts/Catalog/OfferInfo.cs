namespace PersonalizationEngine.Contracts.Catalog;

/// <summary>
/// An offer as marketing defines it: what it targets (a product, a category, or neither for a shop-wide
/// offer), its value to the business when accepted, when it runs (open-ended when a bound is null), the most
/// impressions one customer gets (0: no cap), and who may see it (empty lists: everyone).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OfferInfo(
    [property: Id(0)] string OfferId,
    [property: Id(1)] string Title,
    [property: Id(2)] string? ProductId,
    [property: Id(3)] string? Category,
    [property: Id(4)] double Value,
    [property: Id(5)] DateTimeOffset? StartsAt,
    [property: Id(6)] DateTimeOffset? EndsAt,
    [property: Id(7)] int FrequencyCap,
    [property: Id(8)] IReadOnlyList<string> EligibleSegments,
    [property: Id(9)] IReadOnlyList<string> EligibleChannels)
{
    /// <summary>Whether the offer runs at <paramref name="at"/> (start inclusive, end exclusive).</summary>
    public bool IsActiveAt(DateTimeOffset at) => (StartsAt is not { } start || at >= start) && (EndsAt is not { } end || at < end);
}
