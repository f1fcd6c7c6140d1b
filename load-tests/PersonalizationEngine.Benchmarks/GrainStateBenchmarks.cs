using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.Storage.GrainStorage;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Grain state as the SQLite grain storage writes it: a long-standing customer's state at its caps
/// (50 recent interactions, interest in 500 products, activity over 200 products) serialized and read
/// back with the Orleans serializer, and 100 such writes group-committed to SQLite.
/// </summary>
[MemoryDiagnoser]
public class GrainStateBenchmarks
{
    private const int ConcurrentWrites = 100;
    private ServiceProvider _services = null!;
    private OrleansGrainStorageSerializer _serializer = null!;
    private CustomerState _state = null!;
    private BinaryData _serialized = null!;
    private string _folder = "";
    private SqliteGrainStorage _storage = null!;
    private GrainState<CustomerState>[] _grains = [];

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(CustomerState).Assembly)).BuildServiceProvider();
        _serializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>());
        _state = FullCustomer();
        _serialized = _serializer.Serialize(_state);
        _folder = Path.Combine(Path.GetTempPath(), $"pe-bench-state-{Guid.NewGuid():N}");
        _storage = new SqliteGrainStorage(Path.Combine(_folder, "grains.db"), _serializer);
        _grains = Enumerable.Range(0, ConcurrentWrites).Select(_ => new GrainState<CustomerState>(_state)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        _services.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public BinaryData SerializeCustomerState() => _serializer.Serialize(_state);

    [Benchmark]
    public CustomerState DeserializeCustomerState() => _serializer.Deserialize<CustomerState>(_serialized)!;

    /// <summary>100 customer grains writing at once: one transaction commits them all.</summary>
    [Benchmark(OperationsPerInvoke = ConcurrentWrites)]
    public Task WriteCustomerStates() =>
        Task.WhenAll(_grains.Select((g, i) => _storage.WriteStateAsync("customer", GrainId.Create("customer", $"C{i:D6}"), g)));

    private static CustomerState FullCustomer()
    {
        var state = new CustomerState { ProductWeights = [] };
        var start = DateTimeOffset.UnixEpoch.AddYears(50);
        for (var i = 0; i < 600; i++)
        {
            var productId = $"P{i * 7 % 20_000:D5}";
            var at = start.AddHours(i);
            var type = i % 5 == 0 ? InteractionType.Purchase : InteractionType.View;
            if (state.RecentInteractions.Count < 50) state.RecentInteractions.Add(new RecentInteraction(productId, type, at, 1));
            state.ProductWeights[productId] = i % 9 + 1;
            state.Activity.Add(type == InteractionType.Purchase ? BehaviourKind.Purchase : BehaviourKind.View, productId, 12.5, at);
            state.CountsByType[type] = state.CountsByType.GetValueOrDefault(type) + 1;
            if (type == InteractionType.Purchase && state.PurchasedProductIds.Count < 500) state.PurchasedProductIds.Add(productId);
        }
        while (state.ProductWeights.Count > 500) state.ProductWeights.Remove(state.ProductWeights.Keys.First());
        return state;
    }
}
