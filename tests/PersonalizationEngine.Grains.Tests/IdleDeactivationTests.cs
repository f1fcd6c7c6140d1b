using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Grains.Training;

namespace PersonalizationEngine.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class IdleDeactivationTests(ClusterFixture fixture)
{
    [Fact]
    public void Customer_and_product_grains_are_collected_after_the_configured_idle_time_and_the_others_after_Orleans_default()
    {
        var services = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress);
        var idle = services.GetRequiredService<IOptions<EngineGrainOptions>>().Value.IdleDeactivation;
        var collection = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.Equal(idle, collection.ClassSpecificCollectionAge[typeof(CustomerGrain).FullName!]);
        Assert.Equal(idle, collection.ClassSpecificCollectionAge[typeof(ProductGrain).FullName!]);
        Assert.False(collection.ClassSpecificCollectionAge.ContainsKey(typeof(ModelTrainerGrain).FullName!));
        Assert.True(idle < collection.CollectionAge, "the many grains go sooner than Orleans' default");
    }
}
