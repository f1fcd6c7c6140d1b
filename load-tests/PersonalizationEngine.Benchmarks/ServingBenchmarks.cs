using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// The per-request work of model serving over a catalog of 20,000 products: folding a customer with 50
/// recent interactions into the item factors, and scoring every product plus taking the top 10.
/// Targets (issue 3): fold-in under 1 ms, top-10 over 20,000 products under 0.5 ms.
/// </summary>
[MemoryDiagnoser]
public class ServingBenchmarks
{
    private const int Products = 20_000;
    private ItemFactorSnapshot _snapshot = null!;
    private (string, float)[] _history = [];
    private float[] _customer = [];
    private float[] _scores = [];

    [Params(16, 64)]
    public int Factors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var ids = Enumerable.Range(0, Products).Select(i => $"P{i:D6}").ToArray();
        var factors = Enumerable.Range(0, Products * Factors).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _snapshot = new ItemFactorSnapshot(ids, factors, Factors, alpha: 5, regularization: 20);
        _history = Enumerable.Range(0, 50).Select(_ => (ids[random.Next(Products)], (float)(1 + random.Next(5)))).ToArray();
        _customer = _snapshot.FoldIn(_history);
        _scores = new float[Products];
    }

    [Benchmark]
    public float[] FoldInOneCustomer() => _snapshot.FoldIn(_history);

    [Benchmark]
    public int[] ScoreAllAndTakeTop10()
    {
        _snapshot.Score(_customer, _scores);
        return TopK.Select(_scores, 10);
    }
}
