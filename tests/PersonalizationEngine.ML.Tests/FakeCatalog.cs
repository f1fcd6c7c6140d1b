using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Tests;

/// <summary>An in-memory catalog view for ranker tests.</summary>
internal sealed class FakeCatalog(params CatalogEntry[] entries) : ICatalogView
{
    private readonly Dictionary<string, CatalogEntry> _byId = entries.ToDictionary(e => e.ProductId);

    public IReadOnlyList<CatalogEntry> Entries => entries;

    public CatalogEntry? Find(string productId) => _byId.GetValueOrDefault(productId);

    public IReadOnlyList<CatalogEntry> MostPopular(int count, string? category = null) =>
        entries.Where(e => e.Available && (category is null || e.Category == category))
            .OrderByDescending(e => e.Popularity).Take(count).ToList();

    public double MaxPopularity => entries.Where(e => e.Available).Max(e => e.Popularity);
}
