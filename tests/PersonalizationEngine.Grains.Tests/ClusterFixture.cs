using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>One in-process Orleans test cluster for the collection, with memory streams and memory storage.</summary>
public sealed class ClusterFixture : IDisposable
{
    public ClusterFixture()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        Cluster.Deploy();
    }

    public TestCluster Cluster { get; }

    public EventProjectionTracker Tracker =>
        Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress).GetRequiredService<EventProjectionTracker>();

    public void Dispose() => Cluster.StopAllSilos();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddEngineMemoryGrainStorage();
            silo.AddIdleDeactivation();
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<EventProjectionTracker>();
            silo.Services.AddSingleton<IEventProjectionProgress>(sp => sp.GetRequiredService<EventProjectionTracker>());
            // Write state at once, so a test can wait for it.
            silo.Services.Configure<EngineGrainOptions>(o => o.StateWriteDelay = TimeSpan.Zero);
        }
    }

}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
