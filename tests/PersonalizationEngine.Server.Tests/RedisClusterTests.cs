using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Server.Hosting;
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

    [SkippableFact]
    public async Task A_silo_on_Redis_hands_a_dead_silos_grains_on_within_seconds()
    {
        Skip.If(redis.Unavailable is not null, redis.Unavailable);
        await using var silo = await StartSiloAsync();
        var membership = silo.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var directory = silo.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;

        // Orleans starts the directory's lease on a dead silo's grains one detection window before the declaration;
        // what is left of it after the declaration is what a call to one of those grains waits for.
        var detectionWindow = membership.NumMissedProbesLimit * membership.MaxProbeTimeout;
        var waitAfterDeclaration = directory.RangeLeaseDuration - detectionWindow;
        Assert.Equal(ClusterFailover.ProbeTimeout, membership.ProbeTimeout);
        Assert.InRange(waitAfterDeclaration, membership.TableRefreshTimeout, TimeSpan.FromSeconds(2));
        Assert.True(membership.TableRefreshTimeout < new ClusterMembershipOptions().TableRefreshTimeout);
    }

    public void Dispose()
    {
        foreach (var folder in _folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }
}
