namespace PersonalizationEngine.Contracts.Catalog;

/// <summary>A catalog entry as the shop describes it.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductInfo(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] string Category,
    [property: Id(3)] IReadOnlyList<string> Tags,
    [property: Id(4)] double Price,
    [property: Id(5)] bool Available,
    [property: Id(6)] IReadOnlyDictionary<string, string> Attributes);
