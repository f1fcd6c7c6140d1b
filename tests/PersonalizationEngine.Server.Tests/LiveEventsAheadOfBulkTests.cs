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
    /// <summary>
    /// TrackStream returns once the grains are within Engine:MaxProjectionLag of the log, so on a quiet machine
    /// they can work off the rest before the live event commits, leaving nothing for it to go ahead of: a live
    /// event that was not expedited runs the scenario again with a new shop, and the last attempt must pass.
    /// </summary>
    private const int Attempts = 3;
    private readonly RunningEngine _engine = fixture.Engine;

    [Fact]
    public async Task A_live_event_reaches_its_customer_before_the_bulk_ahead_of_it_in_the_log_and_every_event_is_applied_once()
    {
        var grains = _engine.Services.GetRequiredService<IGrainFactory>();
        var publisher = _engine.Services.GetRequiredService<GrainPublisher>();
        var progress = _engine.Services.GetRequiredService<ProjectionProgress>();
        for (var attempt = 1; ; attempt++)
        {
            var shop = new Shop();
            using (var bulk = _engine.Events.TrackStream())
            {
                for (var i = 0; i < BulkEvents; i++) await bulk.RequestStream.WriteAsync(shop.Event($"bulk{i % 5_000}", $"p{i % 200}", EventType.View));
                await bulk.RequestStream.CompleteAsync();
                Assert.Equal(BulkEvents, (await bulk).Accepted);
            }

            var expedited = publisher.ExpeditedCount;
            await _engine.Events.TrackAsync(Shop.Batch(shop.Event("live", "seen-live", EventType.View)));
            var customer = grains.GetGrain<ICustomerGrain>(shop.Id("live"));
            var lagWhenSeen = await Eventually.MatchAsync(async () => ((await customer.GetProfileAsync()).RecentInteractions.Count, progress.Lag), seen => seen.Count > 0);
            await Eventually.MatchAsync(() => Task.FromResult(progress.Lag), lag => lag == 0, TimeSpan.FromSeconds(120));
            if (publisher.ExpeditedCount == expedited && attempt < Attempts) continue;

            Assert.Equal(expedited + 1, publisher.ExpeditedCount);
            Assert.True(lagWhenSeen.Lag > 0, "the bulk was projected before the live event was seen: nothing was ahead of it");
            Assert.Single((await customer.GetProfileAsync()).RecentInteractions);
            Assert.Equal(1, (await grains.GetGrain<IProductGrain>(shop.Id("seen-live")).GetStatisticsAsync()).Views);
            Assert.Equal(BulkEvents / 200, (await grains.GetGrain<IProductGrain>(shop.Id("p7")).GetStatisticsAsync()).Views);
            return;
        }
    }
}
