using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Propensity;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// The model work of one GetPurchasePropensity call for 100 products: building the features of each
/// customer–product pair and scoring them with a 200-tree FastTree model (trained in the set-up on
/// generated rows), as PropensityScorer does it. Target: the whole call under 5 ms at p99
/// under load; this is its CPU part.
/// </summary>
[MemoryDiagnoser]
public class PropensityBenchmarks
{
    private const int Products = 100;
    private BinaryModel _model = null!;
    private CustomerActivity _customer = null!;
    private ActivityReplay _products = null!;
    private string[] _productIds = [];
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _now = start.AddDays(120);
        _productIds = Enumerable.Range(0, Products).Select(i => $"P{i}").ToArray();
        // The customer: 300 events on the products; other customers: 50 purchases of each product.
        var events = Enumerable.Range(0, 300)
            .Select(_ => new CustomerEvent("c", _productIds[random.Next(Products)], (BehaviourKind)random.Next(3), 20, start.AddDays(random.NextDouble() * 120)))
            .Concat(_productIds.SelectMany(id => Enumerable.Range(0, 50)
                .Select(i => new CustomerEvent($"o{i}", id, BehaviourKind.Purchase, 10, start.AddDays(random.NextDouble() * 120)))))
            .OrderBy(e => e.OccurredAt).ToList();
        var catalog = _productIds.ToDictionary(id => id, id => new DatasetProduct(id, id, "c" + random.Next(5), 5 + random.NextDouble() * 50));
        _products = new ActivityReplay(events, catalog);
        _products.AdvanceTo(_now);
        _customer = _products.Customers["c"];
        var rows = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var features = Enumerable.Range(0, PropensityFeatures.PairNames.Count).Select(_ => (float)random.NextDouble()).ToArray();
            return new LabeledRow("c", features, features[0] + features[1] + random.NextDouble() > 1.5);
        }).ToList();
        _model = BinaryModel.TrainBoostedTrees(rows, new BoostedTreeOptions());
    }

    [Benchmark]
    public double[] Score100Products()
    {
        var probabilities = new double[Products];
        var customerFeatures = PropensityFeatures.ForCustomer(_customer, _products, _now);
        // As PropensityScorer does: the customer's category share once per category.
        var shares = new Dictionary<string, double>();
        for (var i = 0; i < Products; i++)
        {
            var facts = _products.FactsOf(_productIds[i]);
            if (!shares.TryGetValue(facts.Category!, out var share)) shares[facts.Category!] = share = _customer.CategoryShare(facts.Category, facts.CategoryOf);
            var features = PropensityFeatures.ForPair(customerFeatures, _customer, _productIds[i], facts, 0, share, _now);
            probabilities[i] = _model.Predict(features);
        }
        return probabilities;
    }
}
