namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// How strongly the item-to-item model links a product to the customer's whole history, in [0, 1]
/// relative to the best match, and the history product that contributed most (for the reason). A value:
/// a request matches a few dozen products.
/// </summary>
/// <param name="Item">The product's index in the model (<see cref="RankingRequest.ModelEntries"/>); -1 when not given.</param>
public readonly record struct HistoryMatch(string ProductId, double Score, string BecauseOf, int Item = -1);
