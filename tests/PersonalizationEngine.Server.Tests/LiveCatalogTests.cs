using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

public sealed class LiveCatalogTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_an_event_the_ranked_snapshot_is_kept_past_the_refresh_interval()
    {
        var (catalog, time) = NewCatalog();
        catalog.RecordEvent("A", InteractionType.View, 0, null, Start);
        var first = catalog.View();
        time.Advance(TimeSpan.FromMinutes(5));
        // A stale snapshot would be rebuilt in the background by this request; an exact one is not.
        Assert.Same(first, catalog.View());
        await Task.Delay(200);
        Assert.Same(first, catalog.View());
    }

    [Fact]
    public async Task After_an_event_the_snapshot_is_rebuilt_once_the_refresh_interval_has_passed()
    {
        var (catalog, time) = NewCatalog();
        catalog.RecordEvent("A", InteractionType.View, 0, null, Start);
        Assert.Equal("A", catalog.MostPopular(1)[0].ProductId);
        for (var i = 0; i < 3; i++) catalog.RecordEvent("B", InteractionType.Purchase, 1, null, Start);
        // Within the interval the snapshot is the old one.
        Assert.Equal("A", catalog.MostPopular(1)[0].ProductId);
        time.Advance(TimeSpan.FromSeconds(2));
        // The rebuild runs in the background; the request that found it stale went on with the old one.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (catalog.MostPopular(1)[0].ProductId != "B" && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal("B", catalog.MostPopular(1)[0].ProductId);
    }

    [Fact]
    public void Popularity_decays_on_the_data_clock()
    {
        var (catalog, time) = NewCatalog();
        catalog.RecordEvent("A", InteractionType.View, 0, null, Start.AddDays(-70));
        catalog.RecordEvent("A", InteractionType.View, 0, null, Start);
        catalog.RecordEvent("A", InteractionType.Purchase, 1, null, Start);
        // Whatever the wall clock says, popularity is evaluated at the latest event.
        time.Advance(TimeSpan.FromDays(30));

        // View 1 + purchase 5 at the latest event, plus a 70-day-old view decayed by ten 7-day half-lives.
        Assert.InRange(catalog.Find("A")!.Popularity, 6.0, 6.01);
    }

    [Fact]
    public void Reviews_update_counts_mean_and_a_trend_led_by_the_recent_ones()
    {
        var (catalog, _) = NewCatalog();
        // Praised two months ago, panned this week.
        catalog.RecordEvent("A", InteractionType.Review, 5, "good, really good", Start.AddDays(-60));
        catalog.RecordEvent("A", InteractionType.Review, 5, "good value", Start.AddDays(-59));
        catalog.RecordEvent("A", InteractionType.Review, 1, "bad material", Start.AddDays(-2));
        catalog.RecordEvent("A", InteractionType.Review, 1, "bad packaging", Start.AddDays(-1));
        catalog.Reviews.ScoreHeld();

        var sentiment = catalog.Reviews.SentimentOf("A");

        Assert.Equal((2, 0, 2, 0), (sentiment.Positive, sentiment.Neutral, sentiment.Negative, sentiment.Unscored));
        Assert.Equal(0, sentiment.MeanScore, 9);
        // Four 14-day half-lives separate the praise from the complaints: the trend is nearly theirs alone.
        Assert.True(sentiment.RecentTrend < -0.7, $"trend {sentiment.RecentTrend}");
        // The propensity features read the same reviews, scored once.
        Assert.Equal(4, catalog.FactsOf("A").Reviews.Count);
    }

    [Fact]
    public void A_committed_review_is_held_not_scored_on_the_commit_path_and_readers_do_not_score_it()
    {
        var scorer = new KeywordScorer();
        var (catalog, _) = NewCatalog(scorer);
        catalog.RecordEvent("A", InteractionType.Review, 5, "good design", Start);

        Assert.Equal((0, 1), (catalog.FactsOf("A").Reviews.Count, catalog.Reviews.SentimentOf("A").Unscored));
        Assert.Equal((0, 1), (scorer.Scored, catalog.Reviews.HeldCount));
    }

    [Fact]
    public void Reviews_that_arrive_before_a_model_serves_are_scored_once_one_does()
    {
        var scorer = new KeywordScorer { Serving = false };
        var (catalog, _) = NewCatalog(scorer);
        catalog.RecordEvent("A", InteractionType.Review, 5, "good design", Start);
        catalog.RecordEvent("A", InteractionType.Review, 1, "bad size", Start);

        Assert.Equal(0, catalog.Reviews.ScoreHeld());
        var waiting = catalog.Reviews.SentimentOf("A");
        scorer.Serving = true;
        Assert.Equal(2, catalog.Reviews.ScoreHeld());
        Assert.Equal(0, catalog.Reviews.ScoreHeld());
        var scored = catalog.Reviews.SentimentOf("A");

        Assert.Equal((0, 2), (waiting.Positive + waiting.Negative + waiting.Neutral, waiting.Unscored));
        Assert.Equal((1, 1, 0), (scored.Positive, scored.Negative, scored.Unscored));
        Assert.Equal(2, scorer.Scored);
    }

    [Fact]
    public void Held_reviews_are_scored_in_batches_and_kept_for_training_in_time_order()
    {
        var scorer = new KeywordScorer();
        var (catalog, _) = NewCatalog(scorer);
        // Logged newest first: training needs them by time.
        var count = CatalogReviews.BatchSize * 2 + 5;
        for (var i = 0; i < count; i++) catalog.RecordEvent($"P{i % 3}", InteractionType.Review, 5, i % 2 == 0 ? "good" : "bad", Start.AddHours(-i));

        catalog.Reviews.ScoreHeld();
        var kept = catalog.Reviews.Scored();

        Assert.Equal([CatalogReviews.BatchSize, CatalogReviews.BatchSize, 5], scorer.Batches);
        Assert.Equal(count, kept.Length);
        Assert.Equal(kept.OrderBy(r => r.OccurredAt).Select(r => r.OccurredAt), kept.Select(r => r.OccurredAt));
        Assert.Equal(0.8, kept.Single(r => r.OccurredAt == Start).Score);
        // The same scores as the aggregates serving reads.
        Assert.Equal(kept.Where(r => r.ProductId == "P1").Sum(r => r.Score), catalog.FactsOf("P1").Reviews.MeanScore * catalog.FactsOf("P1").Reviews.Count, 9);
    }

    [Fact]
    public async Task The_scoring_service_scores_a_committed_review_in_the_background()
    {
        var (catalog, _) = NewCatalog();
        using var service = new ReviewScoring(catalog, NullLogger<ReviewScoring>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            catalog.RecordEvent("A", InteractionType.Review, 5, "good design", Start);

            var sentiment = await Eventually.MatchAsync(() => Task.FromResult(catalog.Reviews.SentimentOf("A")), s => s.Unscored == 0);

            Assert.Equal(1, sentiment.Positive);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_product_without_reviews_has_an_empty_aggregate()
    {
        var (catalog, _) = NewCatalog();

        Assert.Equal(new ProductSentiment(0, 0, 0, 0, 0, 0), catalog.Reviews.SentimentOf("nothing"));
    }

    private static (LiveCatalog Catalog, FakeTimeProvider Time) NewCatalog(IReviewScorer? scorer = null)
    {
        var time = new FakeTimeProvider(Start);
        return (new LiveCatalog(Options.Create(new EngineGrainOptions()), scorer ?? new KeywordScorer(), time), time);
    }

    /// <summary>Isolates the catalog from a trained model: "good" is positive, "bad" negative; off, it is a shop before its first model.</summary>
    private sealed class KeywordScorer : IReviewScorer
    {
        public bool Serving { get; set; } = true;

        public int Scored => Batches.Sum();

        public List<int> Batches { get; } = [];

        public SentimentPrediction[]? ScoreAll(IReadOnlyList<string> texts)
        {
            if (!Serving) return null;
            Batches.Add(texts.Count);
            return texts.Select(text => text.Contains("good", StringComparison.Ordinal)
                ? new SentimentPrediction(SentimentLabel.Positive, 0.9, 0.8, 0.9)
                : new SentimentPrediction(SentimentLabel.Negative, 0.9, -0.8, 0.1)).ToArray();
        }
    }
}
