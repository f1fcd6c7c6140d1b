using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// The catalog as it looked in the training data, for offline evaluation of the served ranker: every
/// item is available and its popularity is how many training users interacted with it (serving uses
/// time-decayed popularity, which offline data cannot replay without leaking the test period).
/// </summary>
public sealed class TrainingCatalog : ICatalogView
{
    private readonly Dictionary<string, CatalogEntry> _entries;
    private readonly CatalogEntry[] _byPopularity;
    private readonly Dictionary<string, CatalogEntry[]> _byCategory;
    private readonly ModelItemEntries _modelItems = new();

    /// <param name="categoryOf">An item's category, or null when unknown (then it has none).</param>
    public TrainingCatalog(InteractionMatrix train, Func<string, string?>? categoryOf = null)
    {
        _byPopularity = Enumerable.Range(0, train.ItemCount)
            .Select(i => new CatalogEntry(train.Items.IdOf(i), categoryOf?.Invoke(train.Items.IdOf(i)) ?? "", true, train.ByItem.CountOf(i)))
            .OrderByDescending(e => e.Popularity)
            .ThenBy(e => e.ProductId, StringComparer.Ordinal)
            .Select((e, i) => e with { Ordinal = i })
            .ToArray();
        _entries = _byPopularity.ToDictionary(e => e.ProductId, StringComparer.Ordinal);
        _byCategory = _byPopularity.GroupBy(e => e.Category, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        MaxPopularity = _byPopularity.Length == 0 ? 0 : _byPopularity[0].Popularity;
    }

    public double MaxPopularity { get; }

    public CatalogEntry? Find(string productId) => _entries.GetValueOrDefault(productId);

    public CatalogEntry?[] EntriesOf(IReadOnlyList<string> itemIds) => _modelItems.For(itemIds, this);

    public IReadOnlyList<CatalogEntry> MostPopular(int count, string? category = null)
    {
        var list = category is null ? _byPopularity : _byCategory.GetValueOrDefault(category, []);
        return ICatalogView.Head(list, count);
    }
}
