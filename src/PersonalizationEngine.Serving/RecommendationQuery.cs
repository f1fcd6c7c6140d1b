namespace PersonalizationEngine.Serving;

/// <summary>A validated Recommend request; a prefetch is not counted as an impression.</summary>
public sealed record RecommendationQuery(
    string CustomerId,
    int Count,
    IReadOnlyCollection<string> ExcludedProductIds,
    IReadOnlySet<string> Categories,
    bool IncludePurchased,
    double Diversity,
    string? ContextProductId,
    bool Prefetch = false);
