using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;
using PersonalizationEngine.ML.Synthetic;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// One Recommend's ranking work, as the engine does it after the customer's grain has answered: fold-in,
/// retrieval from the index, the item-to-item matches over the whole history, seeds and the blend, on a
/// generated shop of 20,000 customers x 20,000 products x 200,000 events with a 64-factor model. The
/// allocated bytes per ranking are what the garbage collector pays for at every request. <see cref="LinksPerProduct"/>
/// 1,000 is what validation may choose on a catalog small enough for the link budget: the same histories reading
/// twenty times the links (an upper bound for such a catalog, whose customers touch fewer products).
/// </summary>
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private static readonly LiveNeighbors NoLiveNeighbors = ids => Task.FromResult(ids.Select(_ => (IReadOnlyList<Neighbor>)[]).ToArray());
    private ItemFactorSnapshot _model = null!;
    private TrainingCatalog _catalog = null!;
    private ColdStartFactors _coldStart = ColdStartFactors.None;
    private PersonalRequest[] _requests = [];
    private int _next;

    [Params(ItemToItemModel.DefaultNeighbors, 1_000)]
    public int LinksPerProduct { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var shop = SyntheticShopGenerator.Generate(new SyntheticShopOptions(20_000, 20_000, 200_000), DateTimeOffset.UnixEpoch.AddYears(50));
        var interactions = shop.Events.Select(e => new Interaction(e.CustomerId, e.ProductId, 1f, e.OccurredAt)).ToList();
        var matrix = InteractionMatrix.Build(interactions);
        _model = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 64, Iterations: 5), new ItemToItemModel(LinksPerProduct), ServedBlend.Default);
        var categories = shop.Products.ToDictionary(p => p.ProductId, p => p.Category);
        _catalog = new TrainingCatalog(matrix, id => categories.GetValueOrDefault(id));
        _coldStart = ColdStartFromText(shop.Products, _model);
        // The most active customers: each request folds in and matches a full history of 50 recent products.
        _requests = interactions.GroupBy(x => x.UserId).OrderByDescending(g => g.Count()).Take(256).Select(g =>
        {
            var recent = g.OrderByDescending(x => x.OccurredAt).Take(ServedRankerModel.RecentLimit)
                .Select(x => new RecentProduct(x.ItemId, x.Value, "viewed", x.OccurredAt)).ToArray();
            var weights = g.GroupBy(x => x.ItemId).ToDictionary(i => i.Key, i => i.Sum(x => x.Value));
            return new PersonalRequest(10, recent, weights, null, 0, new HashSet<string>(), new HashSet<string>(), 0);
        }).ToArray();
    }

    /// <summary>The shop's products without an event, as the engine serves them: factors from the known products nearest by text.</summary>
    private static ColdStartFactors ColdStartFromText(IReadOnlyList<DatasetProduct> products, ItemFactorSnapshot model)
    {
        var embeddings = TextEncoders.Shared(TextEncoder.MiniLm).Encode(products.Select(p => TextFactorModel.TextOf(p.Title, p.Category, [p.Category])).ToArray());
        var embeddingOf = products.Select((p, i) => (p.ProductId, i)).ToDictionary(p => p.ProductId, p => embeddings[p.i]);
        var nearest = new TextFactorModel(model.ItemFactors, model.Factors, model.ItemIds.Select(id => (float[]?)embeddingOf[id]).ToArray());
        return ColdStartFactors.From(products.Where(p => !model.TryGetIndex(p.ProductId, out _))
            .Select(p => (p.ProductId, nearest.FactorFor(embeddingOf[p.ProductId])!)).ToArray());
    }

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<RankedItem>> RankOneCustomer() =>
        PersonalRanker.RankAsync(_requests[_next++ % _requests.Length], _model, _catalog, ColdStartFactors.None, NoLiveNeighbors);

    /// <summary>The same with the shop's 4,900 products without an event competing on taste, as they do in the engine.</summary>
    [Benchmark]
    public Task<IReadOnlyList<RankedItem>> RankOneCustomerWithColdStartProducts() =>
        PersonalRanker.RankAsync(_requests[_next++ % _requests.Length], _model, _catalog, _coldStart, NoLiveNeighbors);
}
