namespace PersonalizationEngine.ML.Synthetic;

/// <summary>A generated review event: a customer's star rating (1–5) of a product they bought, with its text.</summary>
public sealed record SyntheticReview(string EventId, string CustomerId, string ProductId, int Stars, string Text, DateTimeOffset OccurredAt);
