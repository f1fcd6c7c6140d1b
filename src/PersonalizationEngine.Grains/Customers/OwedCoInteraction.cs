using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Customers;

/// <summary>A co-interaction the customer grain owes a product grain, kept in its state until the checkpoint passes its event.</summary>
[GenerateSerializer, Immutable]
public sealed record OwedCoInteraction([property: Id(0)] string ProductId, [property: Id(1)] CoInteraction Link);
