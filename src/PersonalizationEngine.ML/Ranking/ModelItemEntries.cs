namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// A catalog view's entries for a model's items, by item index (<see cref="ICatalogView.EntriesOf"/>), kept for
/// the last few models asked about: a view serves the same model or two (an experiment's arms) for many requests.
/// </summary>
public sealed class ModelItemEntries
{
    /// <summary>The serving model, an experiment's challenger, and one just replaced by a newer version.</summary>
    private const int ModelsKept = 4;

    private volatile Held[] _held = [];

    /// <summary>The entries for these item ids (the same list as before: the ones built then).</summary>
    public CatalogEntry?[] For(IReadOnlyList<string> itemIds, ICatalogView view)
    {
        var held = _held;
        foreach (var model in held)
        {
            if (ReferenceEquals(model.ItemIds, itemIds)) return model.Entries;
        }
        var entries = Of(itemIds, view);
        // Two requests may build them at once: both get the same entries, and either is kept.
        _held = [new Held(itemIds, entries), .. held.Take(ModelsKept - 1)];
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
