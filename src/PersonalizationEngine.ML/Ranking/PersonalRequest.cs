namespace PersonalizationEngine.ML.Ranking;

/// <summary>What to recommend to one customer.</summary>
/// <param name="Count">How many items to return.</param>
/// <param name="Recent">The customer's recent interactions, newest first; empty for a new customer. They seed item-to-item candidates.</param>
/// <param name="ProductWeights">The customer's interest per product over their whole (bounded) history; the model folds them in from it.</param>
/// <param name="ContextProductId">The product the customer is looking at, if any; it weighs <paramref name="ContextWeight"/>.</param>
/// <param name="Excluded">Products never to return (asked to exclude, already bought, the context product).</param>
/// <param name="Categories">Only these categories when not empty.</param>
/// <param name="Diversity">0 ranks by relevance only; 1 spreads the list across categories as far as it can.</param>
/// <param name="ExhaustiveRetrieval">Score every product's factors instead of searching the model's index (the reference for tests and <c>pe eval</c>).</param>
public sealed record PersonalRequest(
    int Count,
    IReadOnlyList<RecentProduct> Recent,
    IReadOnlyDictionary<string, float> ProductWeights,
    string? ContextProductId,
    double ContextWeight,
    IReadOnlySet<string> Excluded,
    IReadOnlySet<string> Categories,
    double Diversity,
    bool ExhaustiveRetrieval = false);
