namespace PersonalizationEngine.ML.Ranking;

/// <summary>A recommended product with its score in [0, 1] and the reason it was chosen.</summary>
public sealed record RankedItem(string ProductId, string Category, double Score, string Reason);
