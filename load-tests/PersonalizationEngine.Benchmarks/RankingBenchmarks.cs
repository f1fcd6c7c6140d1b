using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;
using PersonalizationEngine.ML.Synthetic;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// One Recommend's ranking work, as the engine does it after the customer's grain has answered: fold-in,
/// retrieval from the index, the item-to-item matches over the whole history, seeds and the blend, on a
/// generated shop of 20,000 customers x 20,000 products x 200,000 events with a 64-factor model. The
/// allocated bytes per ranking are what the garbage collector pays for at every request.
/// </summary>
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private static readonly LiveNeighbors NoLiveNeighbors = ids => Task.FromResult(ids.Select(_ => (IReadOnlyList<Neighbor>)[]).ToArray());
    private ItemFactorSnapshot _model = null!;
    private TrainingCatalog _catalog = null!;
    private PersonalRequest[] _requests = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var shop = SyntheticShopGenerator.Generate(new SyntheticShopOptions(20_000, 20_000, 200_000), DateTimeOffset.UnixEpoch.AddYears(50));
        var interactions = shop.Events.Select(e => new Interaction(e.CustomerId, e.ProductId, 1f, e.OccurredAt)).ToList();
        var matrix = InteractionMatrix.Build(interactions);
        _model = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 64, Iterations: 5), new ItemToItemModel(), ServedBlend.Default);
        var categories = shop.Products.ToDictionary(p => p.ProductId, p => p.Category);
        _catalog = new TrainingCatalog(matrix, id => categories.GetValueOrDefault(id));
        // The most active customers: each request folds in and matches a full history of 50 recent products.
        _requests = interactions.GroupBy(x => x.UserId).OrderByDescending(g => g.Count()).Take(256).Select(g =>
        {
            var recent = g.OrderByDescending(x => x.OccurredAt).Take(ServedRankerModel.RecentLimit)
                .Select(x => new RecentProduct(x.ItemId, x.Value, "viewed")).ToArray();
            var weights = g.GroupBy(x => x.ItemId).ToDictionary(i => i.Key, i => i.Sum(x => x.Value));
            return new PersonalRequest(10, recent, weights, null, 0, new HashSet<string>(), new HashSet<string>(), 0);
        }).ToArray();
    }

    [Benchmark]
    public Task<IReadOnlyList<RankedItem>> RankOneCustomer() =>
        PersonalRanker.RankAsync(_requests[_next++ % _requests.Length], _model, _catalog, ColdStartFactors.None, NoLiveNeighbors);
}
