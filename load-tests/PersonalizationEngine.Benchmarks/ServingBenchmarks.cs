using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Retrieval;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// The per-request work of model serving over a catalog of 20,000 products: folding a customer with 50
/// recent interactions into the item factors, and one with 8 (most customers' histories are short); scoring every product (float, and int8 codes that read a
/// quarter of the memory) and taking the best; and the two-stage path's retrieval from the model's
/// index. The factors are drawn around 300 tastes, as trained factors cluster (uniform noise would make
/// every cluster look alike and the index scan its whole budget).
/// </summary>
[MemoryDiagnoser]
public class ServingBenchmarks
{
    private const int Products = 20_000;
    private const int Tastes = 300;
    private ItemFactorSnapshot _snapshot = null!;
    private (string, float)[] _history = [];
    private (string, float)[] _shortHistory = [];
    private float[] _customer = [];
    private float[] _scores = [];
    private sbyte[] _codes = [];
    private float[] _codeScales = [];
    private int _padded;

    [Params(16, 64)]
    public int Factors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var ids = Enumerable.Range(0, Products).Select(i => $"P{i:D6}").ToArray();
        var tastes = Enumerable.Range(0, Tastes * Factors).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var factors = new float[Products * Factors];
        for (var p = 0; p < Products; p++)
        {
            var taste = random.Next(Tastes);
            for (var f = 0; f < Factors; f++) factors[p * Factors + f] = tastes[taste * Factors + f] + 0.2f * (float)(random.NextDouble() - 0.5);
        }
        _snapshot = new ItemFactorSnapshot(ids, factors, Factors, alpha: 5, regularization: 20);
        _history = Enumerable.Range(0, 50).Select(_ => (ids[random.Next(Products)], (float)(1 + random.Next(5)))).ToArray();
        _shortHistory = _history[..8];
        _customer = _snapshot.FoldIn(_history);
        _scores = new float[Products];
        _padded = Int8Codes.PaddedWidth(Factors);
        _codes = new sbyte[Products * _padded];
        _codeScales = new float[Products];
        for (var p = 0; p < Products; p++) _codeScales[p] = Int8Codes.Encode(factors.AsSpan(p * Factors, Factors), _codes.AsSpan(p * _padded, _padded));
    }

    [Benchmark]
    public float[] FoldInOneCustomer() => _snapshot.FoldIn(_history);

    [Benchmark]
    public float[] FoldInOneCustomerWithAShortHistory() => _snapshot.FoldIn(_shortHistory);

    [Benchmark]
    public int[] ScoreAllAndTakeTop10()
    {
        _snapshot.Score(_customer, _scores);
        return TopK.Select(_scores, 10);
    }

    [Benchmark]
    public int[] ScoreAllInt8AndTakeTop10()
    {
        Span<short> query = stackalloc short[_padded];
        var scale = Int8Codes.EncodeQuery(_customer, query);
        for (var p = 0; p < Products; p++) _scores[p] = _codeScales[p] * scale * Int8Codes.Dot(_codes.AsSpan(p * _padded, _padded), query);
        return TopK.Select(_scores, 10);
    }

    /// <summary>What a Recommend asks the index for: count × 4 candidates (40 for a list of 10).</summary>
    [Benchmark]
    public List<(int Item, float Score)> IndexSearchTop40() => _snapshot.Index.Search(_customer, 40);
}
