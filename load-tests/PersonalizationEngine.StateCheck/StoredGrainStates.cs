using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Offers;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Storage.GrainStorage;

namespace PersonalizationEngine.StateCheck;

/// <summary>
/// Every customer, product and offer grain's state in an engine's data folder (its SQLite grain storage,
/// grains.db), read with the engine's own serializer while no engine has the folder open.
/// </summary>
public static class StoredGrainStates
{
    /// <summary>Grain states keyed by state name ("customer", "product", "offer") and grain id.</summary>
    public static async Task<SortedDictionary<(string Name, string Id), object>> ReadAsync(string dataFolder)
    {
        var database = Path.Combine(dataFolder, "grains.db");
        if (!File.Exists(database)) throw new FileNotFoundException($"no grain storage in {dataFolder}", database);
        await using var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(CustomerState).Assembly)).BuildServiceProvider();
        using var storage = new SqliteGrainStorage(database, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        var states = new SortedDictionary<(string, string), object>();
        foreach (var (name, id) in StoredGrains(database))
        {
            var grainId = GrainId.Parse(id);
            states[(name, id)] = name switch
            {
                "customer" => await ReadAsync<CustomerState>(storage, name, grainId),
                "product" => await ReadAsync<ProductState>(storage, name, grainId),
                _ => await ReadAsync<OfferState>(storage, name, grainId),
            };
        }
        return states;
    }

    private static async Task<object> ReadAsync<T>(SqliteGrainStorage storage, string name, GrainId grainId) where T : class, new()
    {
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(name, grainId, state);
        return state.State!;
    }

    private static List<(string Name, string Id)> StoredGrains(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = new SqliteCommand("SELECT state_name, grain_id FROM grain_state WHERE state_name IN ('customer', 'product', 'offer')", connection);
        using var reader = command.ExecuteReader();
        var grains = new List<(string, string)>();
        while (reader.Read()) grains.Add((reader.GetString(0), reader.GetString(1)));
        return grains;
    }
}
