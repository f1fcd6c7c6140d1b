using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reference_by_key_is_the_grain_Orleans_resolves_for_that_key()
    {
        var grains = fixture.Cluster.Client;
        var customer = GrainEvents.NewId("c");
        var product = GrainEvents.NewId("p");
        var byKey = grains.ByKey<ICustomerGrain>(customer);

        Assert.Equal(grains.GetGrain<ICustomerGrain>(customer).GetGrainId(), byKey.GetGrainId());
        Assert.Equal(grains.GetGrain<IProductGrain>(product).GetGrainId(), grains.ByKey<IProductGrain>(product).GetGrainId());
        Assert.NotEqual(byKey.GetGrainId(), grains.ByKey<ICustomerGrain>(customer + "x").GetGrainId());
        Assert.Equal(customer, (await byKey.GetProfileAsync()).CustomerId);
    }
}
