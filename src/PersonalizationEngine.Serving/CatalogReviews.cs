using System.Collections.Concurrent;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Serving;

/// <summary>
/// What the catalog's reviews say, each review scored once. A committed review is held (cheaply, on the commit
/// path) until <see cref="ReviewScoring"/> scores the held ones in batches, off that path, with the sentiment
/// model serving then; while none serves they wait (up to <see cref="MaxHeld"/>; past that the oldest are
/// dropped, their events stay in the log). A score is kept twice: in its product's aggregate
/// (<see cref="ProductReviews"/>: GetProductSentiment and the propensity features' product facts) and in the
/// list of scored reviews the propensity trainer reads, so training and serving see the same score.
/// </summary>
public sealed class CatalogReviews(IReviewScorer scorer, TimeSpan halfLife)
{
    public const int MaxHeld = 100_000;

    /// <summary>Reviews scored in one call of the model: the encoder's batch, where most of the cost is.</summary>
    public const int BatchSize = 64;

    private readonly ConcurrentQueue<HeldReview> _held = new();
    /// <summary>Per product, its reviews in <see cref="_held"/>.</summary>
    private readonly ConcurrentDictionary<string, int> _heldCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProductReviews> _byProduct = new(StringComparer.Ordinal);
    /// <summary>Every scored review, in scoring order (32 bytes each, the product id shared through <see cref="_productIds"/>).</summary>
    private readonly List<ScoredReview> _scored = [];
    private readonly ConcurrentDictionary<string, string> _productIds = new(StringComparer.Ordinal);
    private readonly Lock _scoring = new();
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>Reviews waiting for a score.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Holds a committed review for scoring; never waits for a model.</summary>
    public void Hold(string productId, string text, DateTimeOffset at)
    {
        _heldCounts.AddOrUpdate(productId, 1, static (_, count) => count + 1);
        _held.Enqueue(new HeldReview(productId, text, at));
        // One wake-up is enough however many arrive before the scorer runs.
        if (_arrived.CurrentCount == 0) _arrived.Release();
    }

    /// <summary>Waits until a review is held, or at most <paramref name="timeout"/> (a model may have been published meanwhile).</summary>
    public Task WaitForHeldAsync(TimeSpan timeout, CancellationToken cancellationToken) => _arrived.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// Scores the held reviews in order, a batch at a time, until none is held or no model serves; returns
    /// how many it scored. One caller at a time (the scoring service, or a trainer that needs them all).
    /// </summary>
    public int ScoreHeld()
    {
        var scored = 0;
        lock (_scoring)
        {
            // Only the holder of the lock dequeues, so what it enumerates is what it dequeues.
            while (_held.Count > MaxHeld && _held.TryDequeue(out var dropped)) Unheld(dropped.ProductId);
            while (!_held.IsEmpty)
            {
                var batch = _held.Take(BatchSize).ToArray();
                if (scorer.ScoreAll(batch.Select(r => r.Text).ToArray()) is not { } scores) break;
                for (var i = 0; i < batch.Length; i++)
                {
                    _held.TryDequeue(out _);
                    Keep(batch[i], scores[i]);
                }
                scored += batch.Length;
            }
        }
        return scored;
    }

    private void Keep(HeldReview review, SentimentPrediction sentiment)
    {
        _byProduct.AddOrUpdate(review.ProductId,
            static (_, arg) => ProductReviews.None.Add(arg.sentiment, arg.At, arg.halfLife),
            static (_, current, arg) => current.Add(arg.sentiment, arg.At, arg.halfLife),
            (sentiment, review.At, halfLife));
        // Each review's event brought its own copy of the id: keep one per product.
        var productId = _productIds.GetOrAdd(review.ProductId, review.ProductId);
        lock (_scored) _scored.Add(new ScoredReview(productId, sentiment.Score, review.At));
        Unheld(review.ProductId);
    }

    private void Unheld(string productId) => _heldCounts.AddOrUpdate(productId, 0, static (_, count) => count - 1);

    /// <summary>Count and sum of the product's scored reviews, as the propensity features read them.</summary>
    public ReviewScores ScoresOf(string productId) => _byProduct.GetValueOrDefault(productId)?.Scores ?? default;

    /// <summary>What the product's reviews say: scored reviews, and how many still wait for a score.</summary>
    public ProductSentiment SentimentOf(string productId) =>
        (_byProduct.GetValueOrDefault(productId) ?? ProductReviews.None).ToSentiment(_heldCounts.GetValueOrDefault(productId));

    /// <summary>Every review scored so far, sorted by when it was written (for training).</summary>
    public ScoredReview[] Scored()
    {
        ScoredReview[] copy;
        lock (_scored) copy = [.. _scored];
        // A stable sort: reviews logged out of time order keep their log order among equal times.
        return [.. copy.OrderBy(r => r.OccurredAt)];
    }

    private readonly record struct HeldReview(string ProductId, string Text, DateTimeOffset At);
}
