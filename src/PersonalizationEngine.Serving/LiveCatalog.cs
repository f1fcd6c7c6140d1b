using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Decay;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>
/// This silo's in-memory catalog with live, time-decayed popularity: rebuilt from the event log on
/// start-up and kept current as records are committed. Products known only from events are included
/// (uncategorized, available). Ranked lists are cached and rebuilt at most once per refresh interval, in
/// the background (at once after a catalog change), so a Recommend call neither sorts the catalog nor
/// waits for it; a request ranks against one <see cref="View"/> of it.
/// Each product also keeps its daily views, carts, purchases and revenue and what its reviews say
/// (<see cref="CatalogReviews"/>: each review scored once, in the background; the propensity features' product
/// facts and GetProductSentiment). This catalog is the one owner of per-product popularity and sentiment:
/// GetProduct, GetProductSentiment and Recommend all read them here, on one clock.
/// Popularity is evaluated at the time of the latest event seen (the data's clock), not the wall clock: decay
/// at a common time keeps the order, and imported history from years ago does not underflow to 0.
/// </summary>
public sealed class LiveCatalog(IOptions<EngineGrainOptions> options, IReviewScorer reviewScorer, TimeProvider time) : ICatalogView, IProductFactsSource
{
    public const string Uncategorized = "uncategorized";
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly DailyActivity NoActivity = new();

    private readonly TimeSpan _halfLife = options.Value.PopularityHalfLife;
    private readonly ConcurrentDictionary<string, ProductInfo> _products = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DecayedStrength> _popularity = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProductActivity> _activity = new(StringComparer.Ordinal);
    private volatile Ranking? _ranking;
    /// <summary>Answers while the first ranking is built: the products one by one.</summary>
    private Ranking? _beforeFirstRanking;
    private int _refreshing;
    private volatile bool _catalogChanged;
    private long _latestEventTicks;
    /// <summary>Counts committed events: a ranking built at the same count is still exact (popularity is evaluated at the data's clock).</summary>
    private long _events;
    private int _version;

    public int ProductCount => _products.Count;

    /// <summary>What the products' reviews say, each scored once.</summary>
    public CatalogReviews Reviews { get; } = new(reviewScorer, options.Value.SentimentHalfLife);

    /// <summary>Changes whenever a product is upserted (for caches built from the catalog).</summary>
    public int Version => Volatile.Read(ref _version);

    public IEnumerable<ProductInfo> Products => _products.Values;

    private volatile IdOrder _idOrder = new(-1, []);

    /// <summary>The catalog in product id order (ordinal), sorted once per catalog <see cref="Version"/>, for paging.</summary>
    public IReadOnlyList<ProductInfo> InIdOrder()
    {
        // Read the version first: a product upserted meanwhile bumps it after it is stored, so the next call sorts again.
        var version = Version;
        var cached = _idOrder;
        if (cached.Version == version) return cached.Products;
        var sorted = _products.Values.OrderBy(p => p.ProductId, StringComparer.Ordinal).ToArray();
        _idOrder = new IdOrder(version, sorted);
        return sorted;
    }

    private sealed record IdOrder(int Version, ProductInfo[] Products);

    public ProductInfo? GetInfo(string productId) => _products.GetValueOrDefault(productId);

    public void Upsert(ProductInfo product)
    {
        _products[product.ProductId] = product;
        Interlocked.Increment(ref _version);
        // A new product, category or availability must show in the next ranked list, not a second later.
        _catalogChanged = true;
    }

    /// <summary>A committed event about a product.</summary>
    public void RecordEvent(string productId, InteractionType type, double value, string? text, DateTimeOffset at)
    {
        Interlocked.Increment(ref _events);
        AdvanceDataClock(at);
        if (type == InteractionType.Review && text is not null) Reviews.Hold(productId, text, at);
        if (BehaviourKinds.Of(type) is { } kind) _activity.GetOrAdd(productId, static _ => new ProductActivity()).Add(kind, value, at);
        RecordPopularity(productId, InteractionWeights.For(type, value), at);
    }

    /// <summary>The product's daily activity as of its latest event; the caller must not change it (empty for a product without events).</summary>
    public DailyActivity ActivityOf(string productId) =>
        _activity.TryGetValue(productId, out var activity) ? activity.Snapshot() : NoActivity;

    public ProductFacts FactsOf(string productId) =>
        new(GetInfo(productId)?.Price ?? 0, CategoryOf(productId), ActivityOf(productId), Reviews.ScoresOf(productId), CategoryOf);

    /// <summary>The catalog category of a product; null when it is not in the catalog or has none.</summary>
    public string? CategoryOf(string productId) =>
        _products.TryGetValue(productId, out var info) && !string.IsNullOrEmpty(info.Category) ? info.Category : null;

    private void AdvanceDataClock(DateTimeOffset at)
    {
        for (var seen = Interlocked.Read(ref _latestEventTicks); at.UtcTicks > seen; seen = Interlocked.Read(ref _latestEventTicks))
        {
            if (Interlocked.CompareExchange(ref _latestEventTicks, at.UtcTicks, seen) == seen) break;
        }
    }

    private void RecordPopularity(string productId, double weight, DateTimeOffset at)
    {
        if (weight <= 0) return;
        _popularity.AddOrUpdate(productId,
            static (_, arg) => new DecayedStrength(arg.weight, arg.at),
            static (_, current, arg) =>
            {
                var (value, asOf) = ExponentialDecay.Add(current.Value, current.AsOf, arg.weight, arg.at, arg.halfLife);
                return new DecayedStrength(value, asOf);
            },
            (weight, at, halfLife: _halfLife));
    }

    /// <summary>
    /// The product as ranking sees it: from the current ranking's snapshot (popularity as of its last
    /// refresh, at most <see cref="RefreshInterval"/> old, as for <see cref="MostPopular"/>), so a request
    /// that weighs hundreds of candidates makes one lookup each and allocates nothing; a product newer than
    /// the snapshot is computed on the spot.
    /// </summary>
    public CatalogEntry? Find(string productId) => View().Find(productId);

    /// <summary>
    /// The catalog as one request ranks against it: the current ranked snapshot, read once, so that the
    /// hundreds of lookups a request makes neither read the clock nor see a refresh halfway through.
    /// </summary>
    public ICatalogView View() => CurrentRanking();

    private CatalogEntry? Entry(string productId)
    {
        var known = _products.TryGetValue(productId, out var info);
        if (!known && !_popularity.ContainsKey(productId)) return null;
        return new CatalogEntry(productId, CategoryOrUncategorized(info), info?.Available ?? true, PopularityAt(productId, DataClock));
    }

    public IReadOnlyList<CatalogEntry> MostPopular(int count, string? category = null) => View().MostPopular(count, category);

    public double MaxPopularity => View().MaxPopularity;

    public CatalogEntry?[] EntriesOf(IReadOnlyList<string> itemIds) => View().EntriesOf(itemIds);

    /// <summary>The time of the latest committed event: the "now" of features computed from the data.</summary>
    public DateTimeOffset DataClock => new(Interlocked.Read(ref _latestEventTicks), TimeSpan.Zero);

    private double PopularityAt(string productId, DateTimeOffset at) =>
        _popularity.TryGetValue(productId, out var p) ? ExponentialDecay.ValueAt(p.Value, p.AsOf, at, _halfLife) : 0;

    private static string CategoryOrUncategorized(ProductInfo? info) =>
        string.IsNullOrEmpty(info?.Category) ? Uncategorized : info.Category;

    /// <summary>
    /// The ranked snapshot. After a catalog change the caller rebuilds it (what it asks next must see the
    /// change); when it is only older than the refresh interval (popularity moved on) it is rebuilt on the
    /// thread pool and the caller goes on with the current one, so no request's thread sorts the catalog.
    /// Without an event since it was built it is still exact, and is kept whatever its age.
    /// </summary>
    private Ranking CurrentRanking()
    {
        var ranking = _ranking;
        if (ranking is not null && !_catalogChanged
            && (time.GetUtcNow() - ranking.BuiltAt < RefreshInterval || ranking.Events == Interlocked.Read(ref _events))) return ranking;
        // Someone else is rebuilding: go on with what there is (before the first build, the products one by one).
        if (Interlocked.Exchange(ref _refreshing, 1) == 1) return ranking ?? (_beforeFirstRanking ??= new Ranking(DateTimeOffset.MinValue, -1, [], [], 0, [], Entry));
        if (ranking is null || _catalogChanged) return Refresh();
        ThreadPool.UnsafeQueueUserWorkItem(_ => Refresh(), null);
        return ranking;
    }

    private Ranking Refresh()
    {
        try
        {
            _catalogChanged = false;
            return _ranking = Rank(time.GetUtcNow());
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private Ranking Rank(DateTimeOffset now)
    {
        // Read first: an event recorded during the build makes the next request refresh again.
        var events = Interlocked.Read(ref _events);
        var all = _products.Keys.Union(_popularity.Keys).Select(Entry).OfType<CatalogEntry>().Select((e, i) => e with { Ordinal = i }).ToArray();
        var entries = all
            .Where(e => e.Available)
            .OrderByDescending(e => e.Popularity)
            .ThenBy(e => e.ProductId, StringComparer.Ordinal)
            .ToArray();
        var byCategory = entries.GroupBy(e => e.Category).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return new Ranking(now, events, entries, byCategory, entries.Length > 0 ? entries[0].Popularity : 0,
            all.ToDictionary(e => e.ProductId, StringComparer.Ordinal), Entry);
    }

    /// <param name="Events">How many events had been recorded when it was built.</param>
    /// <param name="ById">Every product, available or not.</param>
    /// <param name="Newer">A product newer than the snapshot, computed on the spot.</param>
    private sealed record Ranking(DateTimeOffset BuiltAt, long Events, CatalogEntry[] Overall, Dictionary<string, CatalogEntry[]> ByCategory, double MaxPopularity,
        Dictionary<string, CatalogEntry> ById, Func<string, CatalogEntry?> Newer) : ICatalogView
    {
        private readonly ModelItemEntries _modelItems = new();

        public CatalogEntry? Find(string productId) => ById.TryGetValue(productId, out var entry) ? entry : Newer(productId);

        public CatalogEntry?[] EntriesOf(IReadOnlyList<string> itemIds) => _modelItems.For(itemIds, this);

        public IReadOnlyList<CatalogEntry> MostPopular(int count, string? category = null)
        {
            var list = category is null ? Overall : ByCategory.GetValueOrDefault(category, []);
            return ICatalogView.Head(list, count);
        }
    }
}
