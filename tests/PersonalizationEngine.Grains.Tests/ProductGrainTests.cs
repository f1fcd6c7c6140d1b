using PersonalizationEngine.Testing;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ProductGrainTests(ClusterFixture fixture)
{
    private readonly GrainEvents _events = new(fixture.Cluster.Client);

    [Fact]
    public async Task Product_counts_its_events()
    {
        var product = GrainEvents.NewId("p");
        var latest = DateTimeOffset.UtcNow;
        await _events.PublishAsync(_events.Make(GrainEvents.NewId("c"), product, InteractionType.View, latest.AddDays(-70)));
        await _events.PublishAsync(_events.Make(GrainEvents.NewId("c"), product, InteractionType.View, latest));
        await _events.PublishAsync(_events.Make(GrainEvents.NewId("c"), product, InteractionType.Purchase, latest.AddDays(-1)));
        var grain = fixture.Cluster.Client.GetGrain<IProductGrain>(product);

        var stats = await Eventually.MatchAsync(grain.GetStatisticsAsync, s => s.Views == 2 && s.Purchases == 1);

        Assert.Equal((2, 0, 1), (stats.Views, stats.AddToCarts, stats.Purchases));
        Assert.Equal(latest, stats.LastEventAt);
    }

    [Fact]
    public async Task Products_of_one_session_become_neighbours_in_both_directions()
    {
        var customer = GrainEvents.NewId("c");
        var first = GrainEvents.NewId("p");
        var second = GrainEvents.NewId("p");
        var now = DateTimeOffset.UtcNow;
        await _events.PublishAsync(_events.Make(customer, first, InteractionType.View, now));
        await _events.PublishAsync(_events.Make(customer, second, InteractionType.AddToCart, now.AddMinutes(1)));

        var forward = await Eventually.MatchAsync(() => fixture.Cluster.Client.GetGrain<IProductGrain>(first).GetNeighborsAsync(10), n => n.Count == 1);
        var backward = await Eventually.MatchAsync(() => fixture.Cluster.Client.GetGrain<IProductGrain>(second).GetNeighborsAsync(10), n => n.Count == 1);

        Assert.Equal(second, forward[0].ProductId);
        Assert.Equal(first, backward[0].ProductId);
        Assert.InRange(forward[0].Strength, 2.9, 3.0);
    }

    [Fact]
    public async Task Interactions_far_apart_in_time_are_not_linked()
    {
        var customer = GrainEvents.NewId("c");
        var first = GrainEvents.NewId("p");
        var second = GrainEvents.NewId("p");
        var now = DateTimeOffset.UtcNow;
        await _events.PublishAsync(_events.Make(customer, first, InteractionType.View, now.AddDays(-2)));
        await _events.PublishAsync(_events.Make(customer, second, InteractionType.View, now));
        await Eventually.MatchAsync(() => fixture.Cluster.Client.GetGrain<ICustomerGrain>(customer).GetProfileAsync(), p => p.RecentInteractions.Count == 2);

        Assert.Empty(await fixture.Cluster.Client.GetGrain<IProductGrain>(second).GetNeighborsAsync(10));
    }

    [Fact]
    public async Task Neighbour_map_keeps_only_the_strongest()
    {
        var product = fixture.Cluster.Client.GetGrain<IProductGrain>(GrainEvents.NewId("p"));
        var now = DateTimeOffset.UtcNow;
        await product.RecordCoInteractionsAsync([new CoInteraction(NextSequence(), ["strong"], 100, now)]);
        Assert.Single(await product.GetNeighborsAsync(10));
        await product.RecordCoInteractionsAsync([new CoInteraction(NextSequence(), Enumerable.Range(0, 80).Select(i => $"weak{i}").ToArray(), 1, now)]);

        var neighbors = await product.GetNeighborsAsync(1000);

        Assert.Equal(50, neighbors.Count);

        Assert.Equal("strong", neighbors[0].ProductId);
        Assert.All(neighbors.Skip(1), n => Assert.StartsWith("weak", n.ProductId));
    }

    /// <summary>A log position after every event published so far (links below the checkpoint are copies).</summary>
    private long NextSequence() => _events.Make("c", "p", InteractionType.View).Sequence;

    [Fact]
    public async Task A_co_interaction_sent_again_is_counted_once()
    {
        var product = fixture.Cluster.Client.GetGrain<IProductGrain>(GrainEvents.NewId("p"));
        var now = DateTimeOffset.UtcNow;
        CoInteraction link = new(NextSequence(), ["other"], 2, now);

        await product.RecordCoInteractionsAsync([link]);
        await product.RecordCoInteractionsAsync([link, link]); // a retried call, a replay after a crash

        Assert.Equal(2, Assert.Single(await product.GetNeighborsAsync(10)).Strength, 9);
    }

    [Fact]
    public async Task Persisted_events_are_reported_to_the_tracker()
    {
        var e = _events.Make(GrainEvents.NewId("c"), GrainEvents.NewId("p"), InteractionType.View);
        fixture.Tracker.Expect(e.Sequence, 2);
        Assert.True(fixture.Tracker.Watermark < e.Sequence);

        await _events.PublishAsync(e);

        await Eventually.MatchAsync(() => Task.FromResult(fixture.Tracker.Watermark), w => w >= e.Sequence);
    }
}
