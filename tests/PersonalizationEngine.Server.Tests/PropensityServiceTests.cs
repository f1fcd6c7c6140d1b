using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Synthetic;
using PersonalizationEngine.Serving;
using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// PropensityService end to end: a generated shop of loyal, lapsing and browsing customers is tracked,
/// the propensity model is trained through ModelAdminService, and the served probabilities must equal the
/// published model applied to features rebuilt offline from the same events (training/serving parity).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PropensityServiceTests(EngineFixture fixture) : IDisposable
{
    private const int HorizonDays = 7;
    private static readonly string[] Settings = ["Propensity:HorizonDays=7", "Propensity:TrainingWindows=2", "Propensity:UseTaste=false", "Sentiment:CorpusPaths:0=reviews.txt"];
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dataFolder = RunningEngine.NewDataFolder();

    [Fact]
    public async Task Served_probabilities_come_from_the_trained_model_over_live_state()
    {
        SyntheticReviews.WriteCorpus(Path.Combine(_dataFolder, "reviews.txt"), SyntheticReviews.Corpus(600, seed: 2));
        await using var engine = await RunningEngine.StartAsync(_dataFolder, Settings);
        var untrained = await Assert.ThrowsAsync<RpcException>(() => engine.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = "L0" }).ResponseAsync);
        var tooEarly = await engine.Admin.RetrainAsync(new RetrainRequest { Model = "propensity" });
        Assert.Equal(StatusCode.FailedPrecondition, untrained.StatusCode);
        Assert.False(tooEarly.Published);
        Assert.StartsWith("not trained", tooEarly.Note);

        var (products, events) = GeneratedShop();
        await engine.Catalog.UpsertProductsAsync(Shop.Catalog(products.Values.Select(p => new Product
            { ProductId = p.ProductId, Title = p.Title, Category = p.Category, Price = p.Price, Available = true })));
        foreach (var batch in events.Chunk(500)) await engine.Events.TrackAsync(Shop.Batch(batch.Select(ToMessage).ToArray()));
        // Reviews of two products, tracked before any sentiment model exists: the catalog holds them until one serves.
        var reviews = Reviews();
        await engine.Events.TrackAsync(Shop.Batch([.. reviews]));
        await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.EventsInLog == events.Count + reviews.Length);
        await engine.Admin.RetrainAsync(new RetrainRequest { Model = "sentiment" });

        var run = await engine.Admin.RetrainAsync(new RetrainRequest { Model = "propensity" });

        Assert.True(run.Published, run.Note);
        Assert.Equal("propensity-v2", run.Version);
        Assert.InRange(run.Metrics["purchase_auc"], 0.5, 1);
        Assert.InRange(run.Metrics["churn_auc"], 0.5, 1);
        Assert.True(run.Metrics.ContainsKey("purchase_brier") && run.Metrics.ContainsKey("churn_log_loss"));
        var engineStatus = await engine.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        // The trainer scored the held reviews (once, as serving reads them) before it read them.
        Assert.Equal(0, engineStatus.ReviewsAwaitingScore);
        var status = engineStatus.Models.Single(m => m.Model == "propensity");
        Assert.Equal("propensity-v2", status.Version);
        Assert.Equal(run.Metrics["purchase_auc"], status.Metrics["purchase_auc"]);

        // The same model over features rebuilt from the same events must give the served numbers.
        PropensityPredictor predictor;
        using (var file = File.OpenRead(Path.Combine(_dataFolder, "models", "propensity", "v000002.bin"))) predictor = PropensityPredictor.Load(file);
        var replay = new ActivityReplay(events, products, ScoredOffline(reviews, await SentimentModelOfAsync(engine)));
        replay.AdvanceTo(DateTimeOffset.MaxValue);
        var now = events[^1].OccurredAt;
        string[] asked = ["P3", "P7", "never-seen"];
        // The review inputs themselves: the live catalog scored the held reviews as the trainer and the offline replay did.
        var catalog = engine.Services.GetRequiredService<LiveCatalog>();
        foreach (var product in asked)
        {
            var (live, offline) = (catalog.FactsOf(product).Reviews, replay.FactsOf(product).Reviews);
            Assert.Equal(offline.Count, live.Count);
            Assert.Equal(offline.MeanScore, live.MeanScore, 9);
        }
        Assert.Equal(2, catalog.FactsOf("P3").Reviews.Count);
        Assert.True(catalog.FactsOf("P3").Reviews.MeanScore > 0.5 && catalog.FactsOf("P7").Reviews.MeanScore < -0.5);
        var expected = asked.Select(p => predictor.PurchaseProbability(PropensityFeatures.ForPair(replay.Customers["L3"], p, replay, 0, now))).ToArray();
        var request = new PurchasePropensityRequest { CustomerId = "L3" };
        request.ProductIds.AddRange(asked);

        var served = await Eventually.MatchAsync(() => engine.Propensity.GetPurchasePropensityAsync(request).ResponseAsync,
            r => r.Propensities.Select(p => p.Probability).Zip(expected).All(pair => Math.Abs(pair.First - pair.Second) < 1e-6));

        Assert.Equal(asked, served.Propensities.Select(p => p.ProductId));
        Assert.Equal(HorizonDays, served.HorizonDays);
        Assert.Equal("propensity-v2", served.ModelVersion);
        var loyalChurn = await ChurnAsync(engine, "L");
        var lapsedChurn = await ChurnAsync(engine, "X");
        Assert.True(lapsedChurn > loyalChurn + 0.2, $"lapsed {lapsedChurn:F3} vs loyal {loyalChurn:F3}");
        var newcomer = await engine.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = "someone-new" });
        Assert.InRange(newcomer.Probability, 0, 1);
    }

    [Fact]
    public async Task A_snapshot_the_build_cannot_load_is_skipped_and_the_engine_starts()
    {
        var folder = Path.Combine(_dataFolder, "models", "propensity");
        Directory.CreateDirectory(folder);
        var run = new Contracts.Models.ModelVersionInfo(1, "test", DateTimeOffset.UtcNow, 1, 0, new Dictionary<string, double>(), true, "published");
        await File.WriteAllTextAsync(Path.Combine(folder, "v000001.json"), System.Text.Json.JsonSerializer.Serialize(run));
        await File.WriteAllBytesAsync(Path.Combine(folder, "v000001.bin"), [1, 2, 3, 4]);

        await using var engine = await RunningEngine.StartAsync(_dataFolder, Settings);
        var error = await Assert.ThrowsAsync<RpcException>(() => engine.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = "c" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("none", (await engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "propensity").Version);
    }

    [Fact]
    public async Task Bad_requests_name_the_field()
    {
        var propensity = fixture.Engine.Propensity;
        var tooMany = new PurchasePropensityRequest { CustomerId = "c" };
        tooMany.ProductIds.AddRange(Enumerable.Range(0, 101).Select(i => $"p{i}"));
        var blankProduct = new PurchasePropensityRequest { CustomerId = "c" };
        blankProduct.ProductIds.AddRange(["p1", ""]);
        var noCustomer = new PurchasePropensityRequest();
        noCustomer.ProductIds.Add("p1");

        await AssertInvalidAsync("customer_id:", propensity.GetPurchasePropensityAsync(noCustomer).ResponseAsync);
        await AssertInvalidAsync("product_ids:", propensity.GetPurchasePropensityAsync(new PurchasePropensityRequest { CustomerId = "c" }).ResponseAsync);
        await AssertInvalidAsync("product_ids: must name at most 100", propensity.GetPurchasePropensityAsync(tooMany).ResponseAsync);
        await AssertInvalidAsync("product_ids[1]:", propensity.GetPurchasePropensityAsync(blankProduct).ResponseAsync);
        await AssertInvalidAsync("customer_id:", propensity.GetChurnRiskAsync(new ChurnRiskRequest()).ResponseAsync);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }

    private static async Task AssertInvalidAsync(string detailPrefix, Task call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(detailPrefix, error.Status.Detail);
    }

    private static async Task<double> ChurnAsync(RunningEngine engine, string prefix)
    {
        var risks = new List<double>();
        for (var i = 0; i < 10; i++) risks.Add((await engine.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = $"{prefix}{i}" })).Probability);
        return risks.Average();
    }

    /// <summary>
    /// 42 days of a 20-product shop: loyal customers (L) buy their favourite product every few days, lapsed
    /// ones (X) bought only in the first two weeks, browsers (B) mostly look.
    /// </summary>
    private static (Dictionary<string, DatasetProduct> Products, List<CustomerEvent> Events) GeneratedShop()
    {
        var random = new Random(11);
        var products = Enumerable.Range(0, 20).ToDictionary(i => $"P{i}", i => new DatasetProduct($"P{i}", $"product {i}", $"c{i % 4}", 5 + i));
        var events = new List<CustomerEvent>();
        for (var i = 0; i < 100; i++)
        {
            var favourite = $"P{i % 20}";
            Visits($"L{i}", favourite, 0, 42, 3, 6, buys: true);
            Visits($"X{i}", favourite, 0, 14, 3, 6, buys: true);
            Visits($"B{i}", favourite, 0, 42, 5, 10, buys: false);
        }
        return (products, events.OrderBy(e => e.OccurredAt).ToList());

        void Visits(string customer, string favourite, int fromDay, int toDay, int minGap, int maxGap, bool buys)
        {
            for (var day = fromDay + random.NextDouble() * maxGap; day < toDay; day += minGap + random.NextDouble() * (maxGap - minGap))
            {
                var product = random.NextDouble() < 0.7 ? favourite : $"P{random.Next(20)}";
                var at = Start.AddDays(day);
                events.Add(new CustomerEvent(customer, product, BehaviourKind.View, 0, at));
                if (buys || random.NextDouble() < 0.05) events.Add(new CustomerEvent(customer, product, BehaviourKind.Purchase, products[product].Price, at.AddMinutes(5)));
            }
        }
    }

    /// <summary>Two reviews each of P3 (praised) and P7 (panned) in the shop's last weeks, in time order.</summary>
    private static Event[] Reviews() =>
    [
        .. new[] { ("P3", "The quality is excellent, really lovely.", 30), ("P7", "Honestly the finish is dreadful.", 31), ("P3", "Great value!", 35), ("P7", "Broken and useless", 36) }
            .Select(r => new Event
            {
                EventId = $"review-{r.Item3}", CustomerId = "R1", ProductId = r.Item1, Type = EventType.Review, Text = r.Item2,
                OccurredAt = Timestamp.FromDateTimeOffset(Start.AddDays(r.Item3)),
            }),
    ];

    private static async Task<SentimentModel> SentimentModelOfAsync(RunningEngine engine)
    {
        var version = (await engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "sentiment").Version;
        using var file = File.OpenRead(Path.Combine(engine.DataFolder, "models", "sentiment", $"v{int.Parse(version["sentiment-v".Length..]):D6}.bin"));
        return SentimentModel.Load(file);
    }

    private static ScoredReview[] ScoredOffline(Event[] reviews, SentimentModel model) =>
        reviews.Select(r => new ScoredReview(r.ProductId, model.Predict(r.Text).Score, r.OccurredAt.ToDateTimeOffset())).ToArray();

    private static Event ToMessage(CustomerEvent e, int index) => new()
    {
        EventId = $"{e.CustomerId}-{e.OccurredAt.UtcTicks}-{e.Kind}",
        CustomerId = e.CustomerId,
        ProductId = e.ProductId,
        Type = e.Kind == BehaviourKind.Purchase ? EventType.Purchase : EventType.View,
        Value = e.Value,
        OccurredAt = Timestamp.FromDateTimeOffset(e.OccurredAt),
    };
}
