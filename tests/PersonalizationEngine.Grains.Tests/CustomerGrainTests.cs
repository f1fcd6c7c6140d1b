using PersonalizationEngine.Testing;
using Orleans.Core.Internal;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CustomerGrainTests(ClusterFixture fixture)
{
    private readonly GrainEvents _events = new(fixture.Cluster.Client);

    [Fact]
    public async Task Events_on_the_stream_reach_the_customer_grain()
    {
        var customer = GrainEvents.NewId("c");
        var product = GrainEvents.NewId("p");
        await _events.PublishAsync(_events.Make(customer, product, InteractionType.View));
        await _events.PublishAsync(_events.Make(customer, product, InteractionType.Purchase, value: 25));

        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>(customer);
        var profile = await Eventually.MatchAsync(grain.GetProfileAsync, p => p.RecentInteractions.Count == 2);

        Assert.Equal(1, profile.CountsByType[InteractionType.View]);
        Assert.Equal(1, profile.CountsByType[InteractionType.Purchase]);
        Assert.Equal(25, profile.PurchaseTotal);
        Assert.Equal([product], profile.PurchasedProductIds);
        Assert.Equal(InteractionType.Purchase, profile.RecentInteractions[0].Type);
        Assert.NotNull(profile.LastPurchaseAt);
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var customer = GrainEvents.NewId("c");
        await _events.PublishAsync(_events.Make(customer, GrainEvents.NewId("p"), InteractionType.AddToCart));
        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>(customer);
        await Eventually.MatchAsync(grain.GetProfileAsync, p => p.RecentInteractions.Count == 1);

        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var after = await Eventually.MatchAsync(grain.GetProfileAsync, p => p.RecentInteractions.Count == 1);

        Assert.Equal(1, after.CountsByType[InteractionType.AddToCart]);
    }

    [Fact]
    public async Task A_replayed_event_is_applied_once()
    {
        var customer = GrainEvents.NewId("c");
        var first = _events.Make(customer, GrainEvents.NewId("p"), InteractionType.View);
        var second = _events.Make(customer, GrainEvents.NewId("p"), InteractionType.View);
        await _events.PublishAsync(first);
        await _events.PublishAsync(first);
        await _events.PublishAsync(second);
        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>(customer);

        var profile = await Eventually.MatchAsync(grain.GetProfileAsync, p => p.RecentInteractions.Any(r => r.ProductId == second.ProductId));

        Assert.Equal(2, profile.CountsByType[InteractionType.View]);
    }

    [Fact]
    public async Task Recent_interactions_are_capped()
    {
        var customer = GrainEvents.NewId("c");
        for (var i = 0; i < 60; i++) await _events.PublishAsync(_events.Make(customer, $"p{i}", InteractionType.View));
        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>(customer);

        var profile = await Eventually.MatchAsync(grain.GetProfileAsync, p => p.CountsByType.GetValueOrDefault(InteractionType.View) == 60);

        Assert.Equal(50, profile.RecentInteractions.Count);
        Assert.Equal("p59", profile.RecentInteractions[0].ProductId);
    }

    [Fact]
    public async Task Interest_per_product_covers_the_history_beyond_the_recent_interactions()
    {
        var customer = GrainEvents.NewId("c");
        for (var i = 0; i < 60; i++) await _events.PublishAsync(_events.Make(customer, $"p{i}", InteractionType.View));
        await _events.PublishAsync(_events.Make(customer, "p0", InteractionType.Purchase, value: 10));
        var grain = fixture.Cluster.Client.GetGrain<ICustomerGrain>(customer);

        var profile = await Eventually.MatchAsync(grain.GetProfileAsync, p => p.CountsByType.GetValueOrDefault(InteractionType.Purchase) == 1);

        // The recent list keeps 50 events; the interest the model folds the customer in from keeps all 60 products.
        Assert.Equal(50, profile.RecentInteractions.Count);
        Assert.Equal(60, profile.ProductWeights.Count);
        var view = (float)Behaviour.InteractionWeights.For(InteractionType.View, 0);
        var purchase = (float)Behaviour.InteractionWeights.For(InteractionType.Purchase, 10);
        Assert.Equal(view + purchase, profile.ProductWeights["p0"], 4);
        Assert.Equal(view, profile.ProductWeights["p59"], 4);
    }
}
