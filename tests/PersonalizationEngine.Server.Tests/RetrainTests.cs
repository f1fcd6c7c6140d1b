using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Training through the API, on an engine of its own loaded with a small demo shop.</summary>
[Collection(EngineCollection.Name)]
public sealed class RetrainTests : IDisposable
{
    private const int DemoEvents = 6_000;
    private static readonly string[] SmallDemo = ["DemoOnFirstStart=true", "DemoCustomers=300", "DemoProducts=120", $"DemoEvents={DemoEvents}"];
    /// <summary>The demo's events and reviews: the whole shop is in the log once the count reaches it.</summary>
    private static readonly int DemoTotal = DemoShops.EventCount(300, 120, DemoEvents);
    private readonly string _dataFolder = RunningEngine.NewDataFolder();

    private static async Task<RunningEngine> StartLoadedAsync(string dataFolder)
    {
        var engine = await RunningEngine.StartAsync(dataFolder, SmallDemo);
        await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.EventsInLog == DemoTotal);
        return engine;
    }

    [Fact]
    public async Task Retrain_publishes_a_version_that_serves_and_survives_a_restart()
    {
        await using (var engine = await StartLoadedAsync(_dataFolder))
        {
            var before = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000007", Count = 5 });
            Assert.Equal("baseline-popularity-cointeraction-1", before.ModelVersion);

            var run = await engine.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });

            Assert.True(run.Published, run.Note);
            Assert.Equal("als-v1", run.Version);
            Assert.InRange(run.Metrics["ndcg@10"], 0.01, 1);
            // Which form depends on what the whole test process holds (EaseMemoryLimitMiB); the form taken is reported.
            Assert.Contains(run.Metrics["dense_ease"], new[] { 0.0, 1.0 });
            var after = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000007", Count = 5 });
            Assert.Equal("als-v1", after.ModelVersion);
            Assert.Contains(after.Items, i => i.Reason == "matches your taste");
            var similar = await engine.Recommendations.SimilarProductsAsync(new SimilarProductsRequest { ProductId = "P00001", Count = 5 });
            Assert.Equal("als-v1", similar.ModelVersion);
        }

        await using var restarted = await RunningEngine.StartAsync(_dataFolder, SmallDemo);
        var status = await restarted.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        var model = status.Models.Single(m => m.Model == "recommendation");
        Assert.Equal("als-v1", model.Version);
        Assert.NotNull(model.TrainedAt);
        Assert.True(model.Metrics.ContainsKey("ndcg@10"));
    }

    [Fact]
    public async Task A_run_whose_dense_ease_would_pass_the_memory_limit_fits_the_sparse_form_and_publishes()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder, [.. SmallDemo, "Training:EaseMemoryLimitMiB=1"]);
        await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.EventsInLog == DemoTotal);

        var run = await engine.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });

        Assert.True(run.Published, run.Note);
        Assert.Equal(0, run.Metrics["dense_ease"]);
        var similar = await engine.Recommendations.SimilarProductsAsync(new SimilarProductsRequest { ProductId = "P00001", Count = 5 });
        Assert.Equal(5, similar.Items.Count);
    }

    [Fact]
    public async Task A_product_added_after_training_reaches_customers_whose_taste_matches_its_content()
    {
        await using var engine = await StartLoadedAsync(_dataFolder);
        Assert.True((await engine.Admin.RetrainAsync(new RetrainRequest())).Published);
        // Demo products P00001, P00013 and P00025 are shoes (categories rotate every 12 products).
        var views = new TrackRequest();
        views.Events.AddRange(new[] { "P00001", "P00013", "P00025" }.Select(p =>
            new Event { EventId = Guid.NewGuid().ToString(), CustomerId = "shoe-fan", ProductId = p, Type = EventType.View }));
        await engine.Events.TrackAsync(views);
        var upsert = new UpsertProductsRequest();
        upsert.Products.Add(new Product { ProductId = "P-NEW", Title = "bold shoes item 99", Category = "shoes", Price = 60, Available = true, Tags = { "shoes" } });
        await engine.Catalog.UpsertProductsAsync(upsert);

        var list = await Eventually.MatchAsync(
            () => engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "shoe-fan", Count = 20 }).ResponseAsync,
            r => r.Items.Any(i => i.ProductId == "P-NEW"));

        var item = list.Items.Single(i => i.ProductId == "P-NEW");
        Assert.Equal("shoes", item.Category);
        // It outranks every product of a category the customer never touched.
        var rank = list.Items.ToList().FindIndex(i => i.ProductId == "P-NEW");
        Assert.True(list.Items.Skip(rank + 1).Any(i => i.Category != "shoes"), $"rank {rank}: {string.Join(", ", list.Items.Select(i => $"{i.ProductId}/{i.Category}/{i.Score:F2}"))}");
        Assert.Equal("als-v1", list.ModelVersion);

        // Products like the new one, which nobody has interacted with: placed by what it is, and saying so.
        var similar = await engine.Recommendations.SimilarProductsAsync(new SimilarProductsRequest { ProductId = "P-NEW", Count = 5 });
        Assert.Contains(similar.Items, i => i.Reason == "described like P-NEW");
        Assert.True(similar.Items.Count(i => i.Category == "shoes") >= 3, string.Join(", ", similar.Items.Select(i => $"{i.ProductId}/{i.Category}/{i.Reason}")));
    }

    [Fact]
    public async Task A_model_swap_under_concurrent_recommend_calls_loses_no_request()
    {
        await using var engine = await StartLoadedAsync(_dataFolder);
        // The log holding the demo says nothing of the live catalog following it: the callers start once lists are served.
        await Eventually.MatchAsync(() => engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000001", Count = 10 }).ResponseAsync,
            r => r.Items.Count > 0);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Each caller keeps asking until it has been answered by the second version.
        var callers = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            var versions = new List<string>();
            for (var i = 0; !versions.Contains("als-v2"); i++)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"caller {c} never saw als-v2: {string.Join(",", versions.Distinct())}");
                var response = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = $"C{1 + (c * 37 + i) % 300:D6}", Count = 10 });
                Assert.NotEmpty(response.Items);
                versions.Add(response.ModelVersion);
            }
            return versions;
        })).ToArray();

        var first = await engine.Admin.RetrainAsync(new RetrainRequest());
        var second = await engine.Admin.RetrainAsync(new RetrainRequest());
        var seen = await Task.WhenAll(callers);

        Assert.True(first.Published && second.Published, $"{first.Note} / {second.Note}");
        foreach (var versions in seen)
        {
            // Every call answered; versions only move forward: baseline, then v1, then v2.
            var order = versions.Select(v => v == "baseline-popularity-cointeraction-1" ? 0 : int.Parse(v["als-v".Length..])).ToList();
            Assert.Equal(order.Order(), order);
            Assert.Equal(2, order[^1]);
        }
    }

    [Fact]
    public async Task Too_little_data_is_not_published_and_an_unknown_model_is_invalid()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder);
        var request = new TrackRequest();
        request.Events.Add(new Event { EventId = "e1", CustomerId = "c1", ProductId = "p1", Type = EventType.View });
        await engine.Events.TrackAsync(request);

        var run = await engine.Admin.RetrainAsync(new RetrainRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => engine.Admin.RetrainAsync(new RetrainRequest { Model = "sentiment-v9" }).ResponseAsync);

        Assert.False(run.Published);
        Assert.Contains("not enough interactions", run.Note);
        Assert.Equal("baseline-popularity-cointeraction-1", (await engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "recommendation").Version);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("model:", error.Status.Detail);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
