using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Customers;

/// <summary>A co-interaction the customer grain owes a product grain: kept in its state until the product has it.</summary>
[GenerateSerializer, Immutable]
public sealed record UnsentCoInteraction([property: Id(0)] string ProductId, [property: Id(1)] CoInteraction Link);
