namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// A product the customer recently interacted with, weighted by how strong and how recent the
/// interaction was, with the products that co-occur with it. <see cref="Reason"/> is what a product
/// recommended because of this seed says, e.g. "because you viewed P1".
/// </summary>
public sealed record Seed(string ProductId, string Reason, double Weight, IReadOnlyList<Neighbor> Neighbors);

/// <summary>A co-occurring product and the strength of the co-occurrence (a value: a request lists a hundred or more).</summary>
/// <param name="Item">The product's index in the model that named it (<see cref="RankingRequest.ModelEntries"/>); -1 for a live co-interaction.</param>
public readonly record struct Neighbor(string ProductId, double Strength, int Item = -1);
