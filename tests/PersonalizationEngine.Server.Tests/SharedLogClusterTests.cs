using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Server.Hosting;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// Silos of one cluster (Redis membership and grain state) that share one event log in PostgreSQL
/// (Engine:Postgres): any silo takes any write, every silo's catalog sees every write, and one silo at a
/// time projects the log to the grains, another taking over when it stops.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SharedLogClusterTests(RedisServer redis, PostgresServer postgres)
    : IClassFixture<RedisServer>, IClassFixture<PostgresServer>, IDisposable
{
    private readonly List<string> _folders = [];
    private readonly string _cluster = $"pe-test-{Guid.NewGuid():N}";
    private readonly Shop _shop = new();

    private Task<RunningEngine> StartSiloAsync(string database, params string[] settings)
    {
        var folder = RunningEngine.NewDataFolder();
        _folders.Add(folder);
        return RunningEngine.StartAsync(folder, [$"Redis={redis.ConnectionString}", "GrainStorage=Redis", $"ClusterId={_cluster}",
            $"Postgres={database}", "Dashboard=false", .. settings]);
    }

    private static Task<CustomerProfile> ProfileAsync(RunningEngine silo, string customer) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(customer).GetProfileAsync();

    private static bool Projects(RunningEngine silo) => silo.Services.GetServices<IHostedService>().OfType<ProjectionLease>().Single().Held;

    private void SkipWithoutServers()
    {
        Skip.If(redis.Unavailable is not null, redis.Unavailable);
        Skip.If(postgres.Unavailable is not null, postgres.Unavailable);
    }

    [SkippableFact]
    public async Task Writes_on_either_silo_reach_both_catalogs_and_the_grains_once()
    {
        SkipWithoutServers();
        var database = await postgres.NewDatabaseAsync();
        var customer = _shop.Id("shopper");
        await using var first = await StartSiloAsync(database);
        await using var second = await StartSiloAsync(database);

        await first.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("kettle", "kitchen")]));
        var view = _shop.Event("shopper", "kettle", EventType.View);
        await first.Events.TrackAsync(Shop.Batch(view));
        var purchase = _shop.Event("shopper", "kettle", EventType.Purchase, 25);
        await second.Events.TrackAsync(Shop.Batch(purchase));
        // A retry that lands on the other silo is recognised by its event id.
        var retried = await first.Events.TrackAsync(Shop.Batch(purchase));

        Assert.Equal(1, retried.Duplicates);
        // The product upserted on the first silo is in the second silo's catalog as soon as the call returned.
        Assert.True((await second.Catalog.GetProductAsync(new GetProductRequest { ProductId = _shop.Id("kettle") })).Found);
        var product = await Eventually.MatchAsync(() => first.Catalog.GetProductAsync(new GetProductRequest { ProductId = _shop.Id("kettle") }).ResponseAsync,
            p => p.Stats.Purchases == 1);
        Assert.Equal(1, product.Stats.Views);
        Assert.Single(new[] { first, second }, Projects);
        foreach (var silo in new[] { first, second })
        {
            var profile = await Eventually.MatchAsync(() => ProfileAsync(silo, customer), p => p.PurchasedProductIds.Count == 1);
            Assert.Equal(2, profile.RecentInteractions.Count);
            // Both report the projection caught up, the one that does not project too (from the shared checkpoint).
            await Eventually.MatchAsync(() => silo.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.ProjectionLag == 0);
        }
    }

    [SkippableFact]
    public async Task When_the_projecting_silo_stops_another_takes_over_and_nothing_is_lost()
    {
        SkipWithoutServers();
        var database = await postgres.NewDatabaseAsync();
        var customer = _shop.Id("shopper");
        var first = await StartSiloAsync(database);
        await using var second = await StartSiloAsync(database);
        var (projecting, other) = Projects(first) ? (first, second) : (second, first);
        await projecting.Events.TrackAsync(Shop.Batch(_shop.Event("shopper", "kettle", EventType.View)));
        await Eventually.MatchAsync(() => ProfileAsync(other, customer), p => p.RecentInteractions.Count == 1);

        await projecting.DisposeAsync();
        // Accepted while no silo projects (until the survivor takes the lease); projected after it does.
        await other.Events.TrackAsync(Shop.Batch(_shop.Event("shopper", "mug", EventType.Purchase, 9)));

        var profile = await Eventually.MatchAsync(() => ProfileAsync(other, customer), p => p.PurchasedProductIds.Count == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(2, profile.RecentInteractions.Count);
        Assert.True(Projects(other));
        if (!ReferenceEquals(projecting, first)) await first.DisposeAsync();
    }

    [SkippableFact]
    public async Task ForgetCustomer_on_a_silo_that_does_not_project_erases_the_shared_log_and_the_grain()
    {
        SkipWithoutServers();
        var database = await postgres.NewDatabaseAsync();
        var customer = _shop.Id("forget-me");
        await using var first = await StartSiloAsync(database);
        await using var second = await StartSiloAsync(database);
        var other = Projects(first) ? second : first;
        await first.Events.TrackAsync(Shop.Batch(_shop.Event("forget-me", "kettle", EventType.View), _shop.Event("keep-me", "kettle", EventType.View)));

        var reply = await other.Admin.ForgetCustomerAsync(new ForgetCustomerRequest { CustomerId = customer });

        Assert.Equal(1, reply.EventsErased);
        Assert.Empty((await ProfileAsync(first, customer)).RecentInteractions);
        Assert.Single((await Eventually.MatchAsync(() => ProfileAsync(first, _shop.Id("keep-me")), p => p.RecentInteractions.Count == 1)).RecentInteractions);
    }

    [SkippableFact]
    public async Task Model_runs_are_kept_in_PostgreSQL_so_a_new_silo_serves_the_last_version_and_the_next_run_continues_the_numbers()
    {
        SkipWithoutServers();
        var database = await postgres.NewDatabaseAsync();
        RetrainResponse trained;
        await using (var silo = await StartSiloAsync(database, "DemoOnFirstStart=true", "DemoCustomers=200", "DemoProducts=60", "DemoEvents=4000"))
        {
            await Eventually.MatchAsync(() => silo.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync,
                s => s.EventsInLog == DemoShops.EventCount(200, 60, 4000));
            trained = await silo.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });
            Assert.True(trained.Published, trained.Note);
        }

        // An empty data folder: the version it serves at once, and the runs before it, come from PostgreSQL.
        await using var fresh = await StartSiloAsync(database);
        var serving = (await fresh.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "recommendation");
        Assert.True(ModelVersions.Number(serving.Version) >= ModelVersions.Number(trained.Version), $"serving {serving.Version} after {trained.Version}");
        var next = await fresh.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });
        Assert.True(ModelVersions.Number(next.Version) > ModelVersions.Number(serving.Version), $"{next.Version} after {serving.Version}");
        Assert.False(Directory.Exists(Path.Combine(fresh.DataFolder, "models", "recommendation")) &&
                     Directory.EnumerateFiles(Path.Combine(fresh.DataFolder, "models", "recommendation")).Any());
    }

    [Fact]
    public void A_shared_log_without_shared_grain_state_or_Kubernetes_without_Redis_stops_the_engine_at_start()
    {
        var local = Assert.Throws<OptionsValidationException>(() => EngineApplication.Create(["--Engine:Postgres=Host=127.0.0.1"]));
        Assert.Contains("Engine:Postgres: the shared event log needs GrainStorage=Redis", local.Message);
        var kubernetes = Assert.Throws<OptionsValidationException>(() => EngineApplication.Create(["--Engine:Kubernetes=true"]));
        Assert.Contains("Engine:Kubernetes: needs Engine:Redis", kubernetes.Message);
    }

    public void Dispose()
    {
        foreach (var folder in _folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }
}
