namespace PersonalizationEngine.Contracts.Catalog;

/// <summary>Another product that customers interacted with close in time to this one, and how strongly.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductNeighbor(
    [property: Id(0)] string ProductId,
    [property: Id(1)] double Strength);
