using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.ML.Experiments;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// Served lists, attribution and experiments, each on an engine of its own (an experiment splits every
/// customer of the engine it runs on).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ExperimentServiceTests : IDisposable
{
    private readonly string _dataFolder = RunningEngine.NewDataFolder();
    private readonly Shop _shop = new();

    private async Task SeedAsync(RunningEngine engine)
    {
        var products = Enumerable.Range(0, 8).Select(i => _shop.Product($"p{i}", i % 2 == 0 ? "books" : "shoes"));
        await engine.Catalog.UpsertProductsAsync(Shop.Catalog(products));
        var views = Enumerable.Range(0, 8).SelectMany(i => Enumerable.Range(0, 8 - i).Select(r => _shop.Event($"other{r}", $"p{i}", EventType.View)));
        await engine.Events.TrackAsync(Shop.Batch(views.ToArray()));
    }

    private static async Task<OnlineMetrics> VersionMetricsAsync(RunningEngine engine, string version, Func<OnlineMetrics, bool> until) =>
        (await Eventually.MatchAsync(() => engine.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest()).ResponseAsync,
            r => r.Versions.Any(v => v.ModelVersion == version && until(v.Metrics)), TimeSpan.FromSeconds(10)))
        .Versions.Single(v => v.ModelVersion == version).Metrics;

    private Event FromList(string customer, string product, EventType type, string recommendationId, double value = 0)
    {
        var e = _shop.Event(customer, product, type, value);
        e.RecommendationId = recommendationId;
        return e;
    }

    [Fact]
    public async Task A_click_naming_its_list_is_counted_for_the_lists_version_and_the_counts_survive_a_restart()
    {
        string version;
        await using (var engine = await RunningEngine.StartAsync(_dataFolder))
        {
            await SeedAsync(engine);
            var list = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("c1"), Count = 4 });
            var prefetched = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("c1"), Count = 4, Prefetch = true });
            version = list.ModelVersion;
            Assert.NotEmpty(list.RecommendationId);
            Assert.Equal("", prefetched.RecommendationId);
            Assert.Equal(("", ""), (list.Experiment, list.Arm));

            var product = list.Items[0].ProductId[(_shop.Id("").Length)..];
            await engine.Events.TrackAsync(Shop.Batch(
                FromList("c1", product, EventType.Click, list.RecommendationId),
                FromList("c1", product, EventType.AddToCart, list.RecommendationId),
                FromList("c1", product, EventType.Purchase, list.RecommendationId, 30)));
            var metrics = await VersionMetricsAsync(engine, version, m => m.Purchases == 1);

            Assert.Equal((1, 4, 1, 1), (metrics.ListsServed, metrics.ItemsShown, metrics.Clicks, metrics.AddToCarts));
            Assert.Equal((0.25, 30.0, 1.0), (metrics.ClickThroughRate, metrics.AttributedRevenue, metrics.ConversionRate));
            Assert.True(metrics.ClickThroughLow < 0.25 && metrics.ClickThroughHigh > 0.25);
            Assert.Equal(0, metrics.WindowPurchases);
        }

        await using var restarted = await RunningEngine.StartAsync(_dataFolder);
        var kept = (await restarted.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest { Hourly = true })).Versions.Single(v => v.ModelVersion == version).Metrics;
        Assert.Equal((1, 1, 1), (kept.ListsServed, kept.Clicks, kept.Purchases));
    }

    [Fact]
    public async Task A_purchase_of_a_recommended_product_without_the_id_counts_apart_until_the_customer_is_forgotten()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder);
        await SeedAsync(engine);
        var list = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("c2"), Count = 3 });
        var product = list.Items[1].ProductId[(_shop.Id("").Length)..];
        // The list reaches the customer's grain with the silo's next batch of served lists.
        await Task.Delay(ServedListsOutbox.Interval * 3);

        await engine.Events.TrackAsync(Shop.Batch(_shop.Event("c2", product, EventType.Purchase, 12)));
        var metrics = await VersionMetricsAsync(engine, list.ModelVersion, m => m.WindowPurchases == 1);
        Assert.Equal((0, 12.0), (metrics.Purchases, metrics.WindowRevenue));

        await engine.Admin.ForgetCustomerAsync(new ForgetCustomerRequest { CustomerId = _shop.Id("c2") });
        await engine.Events.TrackAsync(Shop.Batch(_shop.Event("c2", product, EventType.Purchase, 12)));
        // Once the grain has applied the second purchase (and the recorder has had time to send), it is still one.
        var grain = engine.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(_shop.Id("c2"));
        await Eventually.MatchAsync(grain.GetProfileAsync, p => p.CountsByType.GetValueOrDefault(Contracts.Events.InteractionType.Purchase) == 1);
        await Task.Delay(OnlineMetricsFlush.Interval * 3);
        var after = await VersionMetricsAsync(engine, list.ModelVersion, _ => true);
        Assert.Equal(1, after.WindowPurchases);
    }

    [Fact]
    public async Task An_experiment_gives_its_share_the_challenger_by_a_stable_hash_and_reports_each_arm()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder);
        await SeedAsync(engine);
        var started = await engine.Experiments.StartExperimentAsync(new StartExperimentRequest { Name = "popular-vs-served", Ranking = RankingConfiguration.Popularity, TrafficShare = 0.5 });
        Assert.True(started.Running);
        Assert.Equal(("popularity", 0.5, ClickThroughTest.KeepRunning), (started.Challenger, started.TrafficShare, started.Decision));
        var definition = new ExperimentDefinition("popular-vs-served", "popularity", 0.5, 2_000, DateTimeOffset.UnixEpoch);

        var customers = Enumerable.Range(0, 30).Select(i => _shop.Id($"visitor{i}")).ToArray();
        var lists = new List<RecommendResponse>();
        foreach (var visitor in customers) lists.Add(await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = visitor, Count = 3 }));
        var again = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customers[0], Count = 3 });

        for (var i = 0; i < customers.Length; i++)
        {
            var challenger = ExperimentAssignment.InChallenger(definition, customers[i]);
            Assert.Equal(challenger ? "challenger" : "control", lists[i].Arm);
            Assert.Equal("popular-vs-served", lists[i].Experiment);
            Assert.Equal(challenger, lists[i].ModelVersion == "popularity");
        }
        Assert.Equal(lists[0].Arm, again.Arm);
        Assert.InRange(lists.Count(l => l.Arm == "challenger"), 5, 25);

        var clicked = lists.First(l => l.Arm == "challenger");
        var customer = customers[lists.IndexOf(clicked)][(_shop.Id("").Length)..];
        await engine.Events.TrackAsync(Shop.Batch(FromList(customer, clicked.Items[0].ProductId[(_shop.Id("").Length)..], EventType.Click, clicked.RecommendationId)));
        var listed = await Eventually.MatchAsync(() => engine.Experiments.ListExperimentsAsync(new ListExperimentsRequest()).ResponseAsync,
            r => r.Experiments.Single().ChallengerArm.Metrics.Clicks == 1);
        var experiment = listed.Experiments.Single();
        Assert.Equal(lists.Count(l => l.Arm == "control") + (again.Arm == "control" ? 1 : 0), experiment.Control.Metrics.ListsServed);
        // The posterior comes from each arm's clicks and items shown; the hash may give the challenger many more
        // items, so one click need not lift it above one half, but it must lift it above no click at all.
        var (control, challengerArm) = (experiment.Control.Metrics, experiment.ChallengerArm.Metrics);
        Assert.Equal(ClickThroughTest.ProbabilityChallengerBetter(0, control.ItemsShown, 1, challengerArm.ItemsShown), experiment.ProbabilityChallengerBetter);
        Assert.True(experiment.ProbabilityChallengerBetter > ClickThroughTest.ProbabilityChallengerBetter(0, control.ItemsShown, 0, challengerArm.ItemsShown));

        var refused = await Assert.ThrowsAsync<RpcException>(() => engine.Experiments.StartExperimentAsync(
            new StartExperimentRequest { Name = "second", Ranking = RankingConfiguration.Popularity }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);

        var stopped = await engine.Experiments.StopExperimentAsync(new StopExperimentRequest { Name = "popular-vs-served" });
        var afterStop = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customers[0], Count = 3 });
        Assert.False(stopped.Running);
        Assert.NotNull(stopped.StoppedAt);
        Assert.Equal(("", ""), (afterStop.Experiment, afterStop.Arm));
    }

    [Fact]
    public async Task A_stored_model_version_challenges_the_serving_one_from_its_snapshot()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder, "DemoOnFirstStart=true", "DemoCustomers=300", "DemoProducts=120", "DemoEvents=6000");
        var total = DemoShops.EventCount(300, 120, 6_000);
        await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.EventsInLog == total);
        var first = await engine.Admin.RetrainAsync(new RetrainRequest());
        var second = await engine.Admin.RetrainAsync(new RetrainRequest());
        Assert.True(first.Published && second.Published, $"{first.Note} / {second.Note}");

        await engine.Experiments.StartExperimentAsync(new StartExperimentRequest { Name = "older-model", ModelVersion = first.Version, TrafficShare = 0.5 });
        var lists = new List<RecommendResponse>();
        for (var c = 1; c <= 20; c++) lists.Add(await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = $"C{c:D6}", Count = 5 }));

        Assert.All(lists, l => Assert.Equal(l.Arm == "challenger" ? first.Version : second.Version, l.ModelVersion));
        Assert.Contains(lists, l => l.Arm == "challenger");
        Assert.Contains(lists, l => l.Arm == "control");
        Assert.All(lists, l => Assert.Equal(5, l.Items.Count));
    }

    [Fact]
    public async Task Bad_experiment_requests_and_bad_recommendation_ids_are_invalid_argument_naming_the_field()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder);
        var cases = new (Func<Task> Call, string Field)[]
        {
            (() => engine.Experiments.StartExperimentAsync(new StartExperimentRequest { Name = "no-challenger" }).ResponseAsync, "challenger"),
            (() => engine.Experiments.StartExperimentAsync(new StartExperimentRequest { Name = "dots.in.name", Ranking = RankingConfiguration.Popularity }).ResponseAsync, "name"),
            (() => engine.Experiments.StartExperimentAsync(new StartExperimentRequest { Name = "share", Ranking = RankingConfiguration.Popularity, TrafficShare = 1.5 }).ResponseAsync, "traffic_share"),
            (() => engine.Experiments.StartExperimentAsync(new StartExperimentRequest { Name = "missing", ModelVersion = "recommendation-v99" }).ResponseAsync, "model_version"),
            (() => engine.Events.TrackAsync(Shop.Batch(FromList("c", "p", EventType.Click, "not-an-id"))).ResponseAsync, "events[0].recommendation_id"),
            (() => engine.Events.TrackAsync(Shop.Batch(FromList("c", "p", EventType.View, "0123456789abcdef.v1"))).ResponseAsync, "events[0].recommendation_id"),
            (() => engine.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest { From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)) }).ResponseAsync, "from"),
        };
        foreach (var (call, field) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains(field, error.Status.Detail);
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(() => engine.Experiments.StopExperimentAsync(new StopExperimentRequest { Name = "never-started" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
