namespace PersonalizationEngine.ML.Activity;

/// <summary>A review of a product with its sentiment score in [-1, 1] (from the sentiment model), for the propensity features.</summary>
public readonly record struct ScoredReview(string ProductId, double Score, DateTimeOffset OccurredAt);
