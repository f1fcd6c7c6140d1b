using Orleans.Core.Internal;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>Serving (the customer grain, fed by its stream) and training (a replay of the same events) give identical features.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FeatureParityTests(ClusterFixture fixture)
{
    private readonly GrainEvents _events = new(fixture.Cluster.Client);

    [Fact]
    public async Task The_grain_and_the_training_replay_build_the_same_propensity_features()
    {
        var customer = GrainEvents.NewId("c");
        var products = new[] { GrainEvents.NewId("p"), GrainEvents.NewId("p"), GrainEvents.NewId("p") };
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var random = new Random(4);
        var published = new List<TrackedEvent>();
        for (var i = 0; i < 40; i++)
        {
            var type = new[] { InteractionType.View, InteractionType.Click, InteractionType.AddToCart, InteractionType.Purchase, InteractionType.Rating }[random.Next(5)];
            published.Add(_events.Make(customer, products[random.Next(products.Length)], type, start.AddHours(random.Next(24 * 60)), value: 10 + i));
        }
        foreach (var e in published) await _events.PublishAsync(e);
        var grain = fixture.Cluster.Client.GetGrain<ICustomerActivityGrain>(customer);
        var expectedLast = published.Where(e => BehaviourKinds.Of(e.Type) is not null).Max(e => e.OccurredAt);
        await Eventually.MatchAsync(grain.GetActivityAsync, a => a.LastSeenAt == expectedLast && a.Daily.Last(90, expectedLast).Views + a.Daily.Last(90, expectedLast).Carts + a.Daily.Last(90, expectedLast).Purchases == published.Count(e => BehaviourKinds.Of(e.Type) is not null));
        // Through storage too: deactivate, so the next read comes from the persisted state.
        await fixture.Cluster.Client.GetGrain<Contracts.Grains.ICustomerGrain>(customer).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var served = await grain.GetActivityAsync();

        var catalog = products.ToDictionary(p => p, p => new DatasetProduct(p, p, "cat-" + p[^1], 12.5));
        var replayed = new ActivityReplay(
            published.Where(e => BehaviourKinds.Of(e.Type) is not null)
                .Select(e => new CustomerEvent(e.CustomerId, e.ProductId!, BehaviourKinds.Of(e.Type)!.Value, e.Value, e.OccurredAt))
                .OrderBy(e => e.OccurredAt).ToList(),
            catalog);
        var now = expectedLast.AddDays(2);
        replayed.AdvanceTo(now);

        Assert.Equal(PropensityFeatures.ForCustomer(replayed.Customers[customer], replayed, now), PropensityFeatures.ForCustomer(served, replayed, now));
        foreach (var product in products)
        {
            Assert.Equal(
                PropensityFeatures.ForPair(replayed.Customers[customer], product, replayed, 0.3f, now),
                PropensityFeatures.ForPair(served, product, replayed, 0.3f, now));
        }
    }
}
