namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// How strongly the item-to-item model links a product to the customer's whole history, in [0, 1]
/// relative to the best match, and the history product that contributed most (for the reason). A value:
/// a request matches a few dozen products.
/// </summary>
public readonly record struct HistoryMatch(double Score, string BecauseOf);
