using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Contracts.Customers;

/// <summary>One of a customer's latest product interactions, newest first in a profile.</summary>
[GenerateSerializer, Immutable]
public sealed record RecentInteraction(
    [property: Id(0)] string ProductId,
    [property: Id(1)] InteractionType Type,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] double Value);
