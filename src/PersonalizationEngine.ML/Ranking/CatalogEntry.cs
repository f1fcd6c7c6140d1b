namespace PersonalizationEngine.ML.Ranking;

/// <summary>What the ranker needs to know about a product.</summary>
public sealed record CatalogEntry(string ProductId, string Category, bool Available, double Popularity)
{
    /// <summary>
    /// The entry's place in the view that holds it (0, 1, 2, ... over that view's entries), so that a request
    /// gathers its candidates in an array instead of hashing product ids; -1 for an entry of no such view.
    /// </summary>
    public int Ordinal { get; init; } = -1;
}
