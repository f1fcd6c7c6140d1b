namespace PersonalizationEngine.ML.Ranking;

/// <summary>What to rank and how.</summary>
/// <param name="Count">How many items to return.</param>
/// <param name="Seeds">The customer's recent products; empty for a new customer.</param>
/// <param name="Excluded">Products never to return (asked to exclude, already bought, the context product).</param>
/// <param name="Categories">Only these categories when not empty.</param>
/// <param name="Diversity">0 ranks by relevance only; 1 spreads the list across categories as far as it can.</param>
/// <param name="Taste">A learned model's best products for this request; empty without a model.</param>
/// <param name="TasteReason">What an item chosen for its taste score says, e.g. "matches your taste".</param>
/// <param name="History">The learned item-to-item model's best matches for the customer's whole history; empty without a model.</param>
/// <param name="ModelEntries">
/// The catalog's entry of each of the model's items by index (<see cref="ICatalogView.EntriesOf"/>): a taste or
/// history match or a neighbor that names its item is found there instead of by its id.
/// </param>
public sealed record RankingRequest(
    int Count,
    IReadOnlyList<Seed> Seeds,
    IReadOnlySet<string> Excluded,
    IReadOnlySet<string> Categories,
    double Diversity,
    IReadOnlyList<TasteMatch>? Taste = null,
    string TasteReason = "matches your taste",
    IReadOnlyList<HistoryMatch>? History = null,
    CatalogEntry?[]? ModelEntries = null);
