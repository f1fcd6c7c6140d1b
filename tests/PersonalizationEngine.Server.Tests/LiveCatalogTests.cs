using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.Serving;

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

    private static (LiveCatalog Catalog, FakeTimeProvider Time) NewCatalog()
    {
        var time = new FakeTimeProvider(Start);
        return (new LiveCatalog(Options.Create(new EngineGrainOptions()), new NoSentimentModel(), time), time);
    }

    private sealed class NoSentimentModel : IReviewScorer
    {
        public SentimentPrediction? Score(string text) => null;
    }
}
