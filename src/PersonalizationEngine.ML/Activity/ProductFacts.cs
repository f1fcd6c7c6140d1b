namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// What the features know about a product: catalog price and category, its recent activity, what its
/// reviews said, and the catalog's category lookup (for the customer's affinity to the category).
/// </summary>
public sealed record ProductFacts(double Price, string? Category, DailyActivity Activity, ReviewScores Reviews, Func<string, string?> CategoryOf);
