using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// The dense EASE inverse (<see cref="BlockedInverse"/>) at catalog sizes the engine serves: the Gram
/// matrix of 3·n customers with about 20 products each, plus λ = 400, as EASE builds it. Each run inverts
/// a fresh copy (the inverse works in place). Run with <c>--job dry</c>: one inverse of 20,000 products
/// takes about a minute, so the default job's many iterations add nothing.
/// </summary>
public class EaseBenchmarks
{
    private SymmetricMatrix _gram = new(0);
    private SymmetricMatrix _work = new(0);

    [Params(2_000, 10_000, 20_000)]
    public int Products { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var n = Products;
        _gram = new SymmetricMatrix(n);
        for (var customer = 0; customer < 3 * n; customer++)
        {
            var items = Enumerable.Range(0, 20).Select(_ => random.Next(n)).Distinct().ToArray();
            for (var x = 0; x < items.Length; x++)
                for (var y = 0; y <= x; y++) _gram.AddSymmetric(items[x], items[y], 1);
        }
        for (var i = 0; i < n; i++) _gram.At(i, i) += 400;
    }

    [IterationSetup]
    public void Copy() => _work = _gram.Clone();

    [IterationCleanup]
    public void Release() => _work.Dispose();

    [GlobalCleanup]
    public void ReleaseGram() => _gram.Dispose();

    [Benchmark]
    public float InvertGram()
    {
        BlockedInverse.InvertSymmetricPositiveDefinite(_work);
        return _work.At(0, 0);
    }
}
