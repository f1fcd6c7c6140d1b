using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// The dense EASE inverse (<see cref="BlockedInverse"/>) at catalog sizes the engine serves: the Gram
/// matrix of 3·n customers with about 20 products each, plus λ = 400, as EASE builds it. Each run inverts
/// a fresh copy (the inverse works in place). Run with <c>--job dry</c>: one inverse of 10,000 products
/// takes seconds, so the default job's many iterations add nothing.
/// </summary>
public class EaseBenchmarks
{
    private float[] _gram = [];
    private float[] _work = [];

    [Params(2_000, 10_000)]
    public int Products { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var n = Products;
        _gram = new float[n * n];
        for (var customer = 0; customer < 3 * n; customer++)
        {
            var items = Enumerable.Range(0, 20).Select(_ => random.Next(n)).Distinct().ToArray();
            foreach (var a in items)
                foreach (var b in items) _gram[a * n + b] += 1;
        }
        for (var i = 0; i < n; i++) _gram[i * n + i] += 400;
        _work = new float[n * n];
    }

    [IterationSetup]
    public void Copy() => Array.Copy(_gram, _work, _gram.Length);

    [Benchmark]
    public float InvertGram()
    {
        BlockedInverse.InvertSymmetricPositiveDefinite(_work, Products);
        return _work[0];
    }
}
