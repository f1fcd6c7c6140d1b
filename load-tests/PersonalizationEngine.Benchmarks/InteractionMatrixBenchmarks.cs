using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Synthetic;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Building the sparse user × item matrix that every recommendation training starts from, at the size of
/// the performance envelope (100,000 customers × 20,000 products × 2,000,000 events, generated). What it
/// allocates is the training's transient memory on top of the engine's grains: the figure to keep down.
/// </summary>
[MemoryDiagnoser]
public class InteractionMatrixBenchmarks
{
    private List<Interaction> _interactions = [];

    [GlobalSetup]
    public void Setup()
    {
        var shop = SyntheticShopGenerator.Generate(new SyntheticShopOptions(100_000, 20_000, 2_000_000), DateTimeOffset.UnixEpoch.AddYears(50));
        _interactions = shop.Events.Select(e => new Interaction(e.CustomerId, e.ProductId, 1f, e.OccurredAt)).ToList();
    }

    [Benchmark]
    public InteractionMatrix Build() => InteractionMatrix.Build(_interactions);
}
