namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// A catalog view's entries for one model's items, by item index (<see cref="ICatalogView.EntriesOf"/>),
/// kept for the last model asked about: a view serves one model for many requests.
/// </summary>
public sealed class ModelItemEntries
{
    private volatile Held? _held;

    /// <summary>The entries for these item ids (the same list as last time: the ones built then).</summary>
    public CatalogEntry?[] For(IReadOnlyList<string> itemIds, ICatalogView view)
    {
        if (_held is { } held && ReferenceEquals(held.ItemIds, itemIds)) return held.Entries;
        var entries = Of(itemIds, view);
        // Two requests may build it at once: both get the same entries, and either is kept.
        _held = new Held(itemIds, entries);
        return entries;
    }

    public static CatalogEntry?[] Of(IReadOnlyList<string> itemIds, ICatalogView view)
    {
        var entries = new CatalogEntry?[itemIds.Count];
        for (var i = 0; i < entries.Length; i++) entries[i] = view.Find(itemIds[i]);
        return entries;
    }

    private sealed record Held(IReadOnlyList<string> ItemIds, CatalogEntry?[] Entries);
}
