namespace PersonalizationEngine.ML.Ranking;

/// <summary>A read-only view of the catalog with current popularity, as the ranker sees it.</summary>
public interface ICatalogView
{
    CatalogEntry? Find(string productId);

    /// <summary>The most popular available products, most popular first; of one category when given.</summary>
    IReadOnlyList<CatalogEntry> MostPopular(int count, string? category = null);

    /// <summary>The highest popularity of an available product (for normalization); 0 when nothing happened yet.</summary>
    double MaxPopularity { get; }

    /// <summary>
    /// The entry of each of a model's items, by the item's index in the model (null where this view has none):
    /// the model's candidates are looked up by index, not by id. A view built once keeps it for its model.
    /// </summary>
    CatalogEntry?[] EntriesOf(IReadOnlyList<string> itemIds) => ModelItemEntries.Of(itemIds, this);

    /// <summary>
    /// The first <paramref name="count"/> of a ranked array, as a segment of it rather than a copy: a request asks
    /// for up to four such lists of popular products.
    /// </summary>
    static IReadOnlyList<CatalogEntry> Head(CatalogEntry[] ranked, int count) =>
        ranked.Length <= count ? ranked : new ArraySegment<CatalogEntry>(ranked, 0, Math.Max(0, count));
}
