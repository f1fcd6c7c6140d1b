using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.StateCheck;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>What a customer grain owes product grains (co-interactions) is kept only until the checkpoint passes it.</summary>
[Collection(EngineCollection.Name)]
public sealed class OwedCoInteractionsTests : IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly Shop _shop = new();

    [Fact]
    public async Task A_customer_whose_events_stop_drops_its_sessions_links_once_the_checkpoint_has_passed_them()
    {
        await using (var engine = await RunningEngine.StartAsync(_folder, ["Training:CheckInterval=01:00:00", "Grains:OwedLinksIdle=00:00:01"]))
        {
            await engine.Events.TrackAsync(Shop.Batch(
                _shop.Event("c", "p1", EventType.View), _shop.Event("c", "p2", EventType.View), _shop.Event("c", "p3", EventType.AddToCart)));
            var log = engine.Services.GetRequiredService<EventIngestion>().Log;
            var tracker = engine.Services.GetRequiredService<EventProjectionTracker>();
            await Eventually.MatchAsync(() => Task.FromResult(tracker.Checkpoint), checkpoint => checkpoint >= log.CommittedSequence, TimeSpan.FromSeconds(30));
            // No further event reaches the customer: only the sweep of idle customers can have it drop the links.
            var owing = engine.Services.GetRequiredService<CustomersOwingLinks>();
            await Eventually.MatchAsync(() => Task.FromResult(owing.Count), count => count == 0, TimeSpan.FromSeconds(30));
        }

        var states = await StoredGrainStates.ReadAsync(_folder);
        var customer = (CustomerState)states.Single(s => s.Key.Name == "customer").Value;
        Assert.Equal(3, customer.RecentInteractions.Count);
        Assert.Null(customer.OwedCoInteractions);
        // The products hold what was owed: p3 was interacted with after p1 and p2.
        var p3 = (ProductState)states.Single(s => s.Key.Name == "product" && s.Key.Id.EndsWith(_shop.Id("p3"), StringComparison.Ordinal)).Value;
        Assert.Equal([_shop.Id("p1"), _shop.Id("p2")], p3.Neighbors.Keys.Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
