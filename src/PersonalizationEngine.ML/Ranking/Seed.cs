namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// A product the customer recently interacted with, weighted by how strong and how recent the
/// interaction was, with the products that co-occur with it.
/// </summary>
public sealed record Seed(string ProductId, string Verb, double Weight, IReadOnlyList<Neighbor> Neighbors);

/// <summary>A co-occurring product and the strength of the co-occurrence.</summary>
public sealed record Neighbor(string ProductId, double Strength);
