using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// A live Track reaches its customer grain ahead of a bulk backlog that is still being projected, and
/// every event is still applied exactly once: the customer's once, the product's once, in log order.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class LiveEventsAheadOfBulkTests(EngineFixture fixture)
{
    private const int BulkEvents = 100_000;
    private readonly RunningEngine _engine = fixture.Engine;
    private readonly Shop _shop = new();

    [Fact]
    public async Task A_live_event_reaches_its_customer_before_the_bulk_ahead_of_it_in_the_log_and_every_event_is_applied_once()
    {
        var grains = _engine.Services.GetRequiredService<IGrainFactory>();
        var publisher = _engine.Services.GetRequiredService<GrainPublisher>();
        var progress = _engine.Services.GetRequiredService<ProjectionProgress>();
        using (var bulk = _engine.Events.TrackStream())
        {
            for (var i = 0; i < BulkEvents; i++) await bulk.RequestStream.WriteAsync(_shop.Event($"bulk{i % 5_000}", $"p{i % 200}", EventType.View));
            await bulk.RequestStream.CompleteAsync();
            Assert.Equal(BulkEvents, (await bulk).Accepted);
        }

        var expedited = publisher.ExpeditedCount;
        await _engine.Events.TrackAsync(Shop.Batch(_shop.Event("live", "seen-live", EventType.View)));
        var customer = grains.GetGrain<ICustomerGrain>(_shop.Id("live"));
        var lagWhenSeen = await Eventually.MatchAsync(async () => ((await customer.GetProfileAsync()).RecentInteractions.Count, progress.Lag), seen => seen.Count > 0);

        Assert.Equal(expedited + 1, publisher.ExpeditedCount);
        Assert.True(lagWhenSeen.Lag > 0, "the bulk was projected before the live event was seen: nothing was ahead of it");
        await Eventually.MatchAsync(() => Task.FromResult(progress.Lag), lag => lag == 0, TimeSpan.FromSeconds(120));
        Assert.Single((await customer.GetProfileAsync()).RecentInteractions);
        Assert.Equal(1, (await grains.GetGrain<IProductGrain>(_shop.Id("seen-live")).GetStatisticsAsync()).Views);
        Assert.Equal(BulkEvents / 200, (await grains.GetGrain<IProductGrain>(_shop.Id("p7")).GetStatisticsAsync()).Views);
    }
}
