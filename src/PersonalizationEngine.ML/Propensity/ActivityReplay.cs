using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// Replays events in time order into one <see cref="CustomerActivity"/> per customer and one
/// <see cref="DailyActivity"/> per product, and the products' scored reviews, stopping at a cut-off: the
/// state serving would have held then.
/// </summary>
public sealed class ActivityReplay : IProductFactsSource
{
    private static readonly DailyActivity NoActivity = new();
    private readonly IReadOnlyList<CustomerEvent> _events;
    private readonly IReadOnlyDictionary<string, DatasetProduct> _catalog;
    private readonly IReadOnlyList<ScoredReview> _reviews;
    private readonly Dictionary<string, ReviewScores> _reviewScores = new(StringComparer.Ordinal);
    private int _next;
    private int _nextReview;

    /// <param name="events">Sorted by time.</param>
    /// <param name="reviews">Sorted by time; none where the shop has no reviews (or no sentiment model scored them).</param>
    public ActivityReplay(IReadOnlyList<CustomerEvent> events, IReadOnlyDictionary<string, DatasetProduct> catalog, IReadOnlyList<ScoredReview>? reviews = null)
    {
        _events = events;
        _catalog = catalog;
        _reviews = reviews ?? [];
    }

    public Dictionary<string, CustomerActivity> Customers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DailyActivity> Products { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies every event before <paramref name="cutoff"/> not applied yet (cut-offs must not go back).</summary>
    public void AdvanceTo(DateTimeOffset cutoff)
    {
        for (; _next < _events.Count && _events[_next].OccurredAt < cutoff; _next++)
        {
            var e = _events[_next];
            if (!Customers.TryGetValue(e.CustomerId, out var customer)) Customers.Add(e.CustomerId, customer = new CustomerActivity());
            customer.Add(e.Kind, e.ProductId, e.Value, e.OccurredAt);
            if (!Products.TryGetValue(e.ProductId, out var product)) Products.Add(e.ProductId, product = new DailyActivity());
            product.Add(e.Kind, e.Value, e.OccurredAt);
        }
        for (; _nextReview < _reviews.Count && _reviews[_nextReview].OccurredAt < cutoff; _nextReview++)
        {
            var review = _reviews[_nextReview];
            _reviewScores[review.ProductId] = _reviewScores.GetValueOrDefault(review.ProductId).Add(review.Score);
        }
    }

    public ProductFacts FactsOf(string productId)
    {
        var entry = _catalog.GetValueOrDefault(productId);
        return new ProductFacts(entry?.Price ?? 0, entry?.Category, ActivityOf(productId), _reviewScores.GetValueOrDefault(productId), CategoryOf);
    }

    public DailyActivity ActivityOf(string productId) => Products.GetValueOrDefault(productId) ?? NoActivity;

    private string? CategoryOf(string productId) => _catalog.GetValueOrDefault(productId)?.Category;
}
