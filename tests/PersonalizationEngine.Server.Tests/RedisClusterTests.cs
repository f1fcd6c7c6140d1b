using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Silos that find each other through Redis (Engine:Redis) and keep grain state there (GrainStorage=Redis).</summary>
[Collection(EngineCollection.Name)]
public sealed class RedisClusterTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly List<string> _folders = [];
    private readonly string _cluster = $"pe-test-{Guid.NewGuid():N}";
    private readonly Shop _shop = new();

    private Task<RunningEngine> StartSiloAsync()
    {
        var folder = RunningEngine.NewDataFolder();
        _folders.Add(folder);
        return RunningEngine.StartAsync(folder, $"Redis={redis.ConnectionString}", "GrainStorage=Redis", $"ClusterId={_cluster}", "Dashboard=false");
    }

    private static Task<CustomerProfile> ProfileAsync(RunningEngine silo, string customer) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(customer).GetProfileAsync();

    [SkippableFact]
    public async Task Two_silos_form_one_cluster_share_grains_and_the_state_outlives_both()
    {
        Skip.If(redis.Unavailable is not null, redis.Unavailable);
        var customer = _shop.Id("shopper");
        await using (var first = await StartSiloAsync())
        await using (var second = await StartSiloAsync())
        {
            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await Eventually.MatchAsync(() => management.GetHosts(onlyActive: true), hosts => hosts.Count == 2);

            await first.Events.TrackAsync(Shop.Batch(_shop.Event("shopper", "kettle", EventType.View), _shop.Event("shopper", "mug", EventType.Purchase, 9)));

            // The customer's grain is one grain in the cluster: the second silo sees what the first applied.
            var seen = await Eventually.MatchAsync(() => ProfileAsync(second, customer), p => p.PurchasedProductIds.Count == 1);
            Assert.Equal(2, seen.RecentInteractions.Count);
        }

        // Both silos are gone; a new one (with an empty data folder and event log of its own) reads the state back from Redis.
        await using var third = await StartSiloAsync();
        var restored = await ProfileAsync(third, customer);
        Assert.Equal([_shop.Id("mug")], restored.PurchasedProductIds);
    }

    public void Dispose()
    {
        foreach (var folder in _folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }
}
