namespace PersonalizationEngine.Contracts.Events;

/// <summary>
/// An accepted event as it is stored in the event log and delivered to the grains.
/// <see cref="Sequence"/> is the position in the event log: grains use it to apply each event once.
/// <see cref="RecommendationId"/> names the served list a click, add-to-cart or purchase came from.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrackedEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string EventId,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string? ProductId,
    [property: Id(4)] InteractionType Type,
    [property: Id(5)] DateTimeOffset OccurredAt,
    [property: Id(6)] double Value,
    [property: Id(7)] string? Text,
    [property: Id(8)] string? OfferId,
    [property: Id(9)] IReadOnlyDictionary<string, string>? Context,
    [property: Id(10)] string? RecommendationId = null);
