namespace PersonalizationEngine.ML.Ranking;

/// <summary>What to rank and how.</summary>
/// <param name="Count">How many items to return.</param>
/// <param name="Seeds">The customer's recent products; empty for a new customer.</param>
/// <param name="Excluded">Products never to return (asked to exclude, already bought, the context product).</param>
/// <param name="Categories">Only these categories when not empty.</param>
/// <param name="Diversity">0 ranks by relevance only; 1 spreads the list across categories as far as it can.</param>
/// <param name="Taste">A learned model's best products for this request, scored in [0, 1]; empty without a model.</param>
/// <param name="TasteReason">What an item chosen for its taste score says, e.g. "matches your taste".</param>
/// <param name="History">The learned item-to-item model's best matches for the customer's whole history; empty without a model.</param>
/// <param name="NewerThanModel">
/// Products the learned model has not seen (their taste comes from their content). The item-to-item model
/// cannot score them, so their taste stands in for their history match: otherwise every new product would
/// lose the history share of its score, and the larger the share a shop's validation chose, the less often
/// a new product could ever be recommended.
/// </param>
public sealed record RankingRequest(
    int Count,
    IReadOnlyList<Seed> Seeds,
    IReadOnlySet<string> Excluded,
    IReadOnlySet<string> Categories,
    double Diversity,
    IReadOnlyDictionary<string, double>? Taste = null,
    string TasteReason = "matches your taste",
    IReadOnlyDictionary<string, HistoryMatch>? History = null,
    IReadOnlySet<string>? NewerThanModel = null);
