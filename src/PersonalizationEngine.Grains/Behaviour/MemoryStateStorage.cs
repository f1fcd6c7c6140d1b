using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace PersonalizationEngine.Grains.Behaviour;

public static class MemoryStateStorage
{
    /// <summary>
    /// Memory grain storage (the engine without a data folder, and the grain tests) that stores state with
    /// the Orleans serializer, as the durable SQLite store does, instead of the memory provider's default
    /// JSON: state types need only their Orleans codecs and surrogates, and tests exercise the same ones.
    /// </summary>
    public static ISiloBuilder AddEngineMemoryGrainStorage(this ISiloBuilder silo) =>
        silo.AddMemoryGrainStorage(StorageNames.GrainState, options => options.Configure<Serializer>((o, serializer) =>
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
}
