namespace PersonalizationEngine.ML.Activity;

/// <summary>What the features know about a product: catalog price and category, and its recent activity.</summary>
public sealed record ProductFacts(double Price, string? Category, DailyActivity Activity);
