namespace PersonalizationEngine.ML.Ranking;

/// <summary>A product a learned model scores for the customer's taste, in [0, 1] relative to the best (a value: a request has a few dozen).</summary>
/// <param name="Item">The product's index in the model (<see cref="RankingRequest.ModelEntries"/>); -1 when not given.</param>
/// <param name="NewerThanModel">
/// The model has not seen the product (its taste comes from its content). The item-to-item model cannot
/// score it, so its taste stands in for its history match: otherwise every new product would lose the
/// history share of its score, and the larger the share a shop's validation chose, the less often a new
/// product could ever be recommended.
/// </param>
public readonly record struct TasteMatch(string ProductId, double Score, int Item = -1, bool NewerThanModel = false);
