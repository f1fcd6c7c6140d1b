namespace PersonalizationEngine.FloorServer;

/// <summary>What the floor's grain answers: a few ids, about the size of a small customer profile.</summary>
[GenerateSerializer, Immutable]
public sealed record FloorProfile([property: Id(0)] string CustomerId, [property: Id(1)] IReadOnlyList<string> RecentProductIds);
