using PersonalizationEngine.Testing;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Demo;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Hosts of their own, started and stopped on one data folder.</summary>
[Collection(EngineCollection.Name)]
public sealed class RestartTests : IDisposable
{
    private readonly string _dataFolder = RunningEngine.NewDataFolder();
    private readonly Shop _shop = new();

    private async Task WriteHistoryAsync(RunningEngine engine)
    {
        await engine.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("kettle", "kitchen"), _shop.Product("mug", "kitchen"), _shop.Product("novel", "books")]));
        await engine.Events.TrackAsync(Shop.Batch(
            _shop.Event("alice", "kettle", EventType.View),
            _shop.Event("alice", "mug", EventType.Purchase, 12),
            _shop.Event("bob", "novel", EventType.View)));
    }

    private static Task<GetProductResponse> ProductAsync(RunningEngine engine, string id) =>
        engine.Catalog.GetProductAsync(new GetProductRequest { ProductId = id }).ResponseAsync;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Memory")]
    public async Task State_and_events_are_still_there_after_a_restart(string grainStorage)
    {
        var setting = $"GrainStorage={grainStorage}";
        await using (var first = await RunningEngine.StartAsync(_dataFolder, setting))
        {
            await WriteHistoryAsync(first);
            await Eventually.MatchAsync(() => ProductAsync(first, _shop.Id("mug")), p => p.Stats.Purchases == 1);
        }

        await using var second = await RunningEngine.StartAsync(_dataFolder, setting);

        // With memory grain storage the grains are rebuilt by replaying the event log.
        var mug = await Eventually.MatchAsync(() => ProductAsync(second, _shop.Id("mug")), p => p.Stats.Purchases == 1);
        Assert.True(mug.Found);
        Assert.Equal(_shop.Category("kitchen"), mug.Product.Category);
        var status = await second.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        Assert.Equal((3, 3), (status.EventsInLog, status.ProductsInCatalog));
        // Alice's purchase is still excluded from her recommendations; the kettle she viewed is still linked.
        var alice = await second.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("alice"), Count = 5 });
        Assert.DoesNotContain(alice.Items, i => i.ProductId == _shop.Id("mug"));
        Assert.Equal(_shop.Id("kettle"), alice.Items[0].ProductId);
        // A retry of an event accepted before the restart is still recognised.
        var retry = await second.Events.TrackAsync(Shop.Batch(_shop.Event("bob", "novel", EventType.View, eventId: "fixed-id")));
        var again = await second.Events.TrackAsync(Shop.Batch(_shop.Event("bob", "novel", EventType.View, eventId: "fixed-id")));
        Assert.Equal((1, 1), (retry.Accepted, again.Duplicates));
    }

    [Fact]
    public async Task The_demo_shop_is_loaded_on_first_start_and_not_again()
    {
        string[] demo = ["DemoOnFirstStart=true", "DemoCustomers=200", "DemoProducts=60", "DemoEvents=3000", "Training:CheckInterval=00:00:01"];
        var events = DemoDataLoader.Generate(new EngineOptions { DemoCustomers = 200, DemoProducts = 60, DemoEvents = 3000 }, DateTimeOffset.UtcNow).Events;
        var reviewed = events.First(e => e.Type == InteractionType.Review).ProductId;
        await using (var engine = await RunningEngine.StartAsync(_dataFolder, demo))
        {
            var status = await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.EventsInLog == events.Count);
            Assert.Equal(60, status.ProductsInCatalog);
            var recommended = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000001", Count = 5 });
            Assert.Equal(5, recommended.Items.Count);
            // The demo configuration's sentiment corpus is the generated one the loader wrote: the first model trains from it.
            var sentiment = await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync,
                s => s.Models.Single(m => m.Model == "sentiment").Version == "sentiment-v1", TimeSpan.FromSeconds(60));
            Assert.True(sentiment.Models.Single(m => m.Model == "sentiment").Metrics["corpus_texts"] > 1000);
            var reviews = await Eventually.MatchAsync(() => engine.Sentiment.GetProductSentimentAsync(new ProductSentimentRequest { ProductId = reviewed }).ResponseAsync,
                s => s.Positive + s.Negative + s.Neutral > 0);
            Assert.InRange(reviews.MeanScore, -1, 1);
        }

        await using var restarted = await RunningEngine.StartAsync(_dataFolder, [.. demo, "Demo=true"]);
        await Task.Delay(500);
        Assert.Equal(events.Count, (await restarted.Admin.GetModelStatusAsync(new GetModelStatusRequest())).EventsInLog);
    }

    [Theory]
    [InlineData("--Engine:GrpcPort=70000", "GrpcPort")]
    [InlineData("--Engine:GrainStorage=Oracle", "GrainStorage")]
    [InlineData("--Engine:ListenAddress=not-an-ip", "ListenAddress")]
    [InlineData("--Engine:MaxEventsPerTrack=0", "MaxEventsPerTrack")]
    public void A_bad_setting_stops_start_up_with_a_clear_message(string argument, string setting)
    {
        var error = Assert.Throws<OptionsValidationException>(() => EngineApplication.Create([argument, $"--Engine:DataFolder={_dataFolder}"]));

        Assert.Contains(setting, error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
