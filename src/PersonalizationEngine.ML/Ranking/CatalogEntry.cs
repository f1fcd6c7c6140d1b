namespace PersonalizationEngine.ML.Ranking;

/// <summary>What the ranker needs to know about a product.</summary>
public sealed record CatalogEntry(string ProductId, string Category, bool Available, double Popularity);
