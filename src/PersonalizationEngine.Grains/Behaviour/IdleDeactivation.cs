using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Products;

namespace PersonalizationEngine.Grains.Behaviour;

public static class IdleDeactivation
{
    /// <summary>
    /// Customer and product grains idle for <see cref="EngineGrainOptions.IdleDeactivation"/> are deactivated
    /// (Orleans' own idle collection, which would otherwise wait 15 minutes): they are the engine's many grains,
    /// and every one kept resident holds its whole state. The others (trainers, offers, the cluster's singletons)
    /// keep Orleans' default.
    /// </summary>
    public static ISiloBuilder AddIdleDeactivation(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<EngineGrainOptions>>((collection, grains) =>
        {
            foreach (var grain in new[] { typeof(CustomerGrain), typeof(ProductGrain) })
                collection.ClassSpecificCollectionAge[grain.FullName!] = grains.Value.IdleDeactivation;
        });
        return silo;
    }
}
