using System.Numerics.Tensors;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Tests;

/// <summary>Scoring every product against a customer vector: the kernel, and the products the model has not seen.</summary>
public class TasteScoringTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 5)]
    [InlineData(8, 9)]
    [InlineData(16, 4)]
    [InlineData(64, 13)]
    [InlineData(67, 6)]
    public void Every_row_gets_its_dot_product_with_the_vector(int width, int rows)
    {
        var random = new Random(width * 100 + rows);
        var matrix = Enumerable.Range(0, width * rows).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var vector = Enumerable.Range(0, width).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var result = new float[rows];

        RowDotProducts.Compute(matrix, vector, result);

        for (var row = 0; row < rows; row++)
            Assert.Equal(TensorPrimitives.Dot(vector, matrix.AsSpan(row * width, width)), result[row], 1e-5f);
    }

    [Fact]
    public void A_matrix_that_does_not_match_the_vector_and_result_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RowDotProducts.Compute(new float[10], new float[4], new float[2]));
        Assert.Throws<ArgumentException>(() => new ColdStartFactors(["a", "b"], new float[3]));
    }

    [Fact]
    public async Task Among_many_products_the_model_has_not_seen_only_the_best_matches_compete_on_taste()
    {
        // Known products point along the first axis; the customer bought k0, so their taste is that axis.
        var known = new ItemFactorSnapshot(["k0", "k1", "k2"], [1f, 0f, 0.9f, 0.1f, 0.2f, 0.8f], factors: 2, alpha: 1, regularization: 0.1f);
        // 500 cold-start products against the taste, one along it that beats every known product.
        var coldIds = Enumerable.Range(0, 500).Select(i => $"new-{i}").ToList();
        var coldFactors = coldIds.SelectMany(id => id == "new-250" ? new[] { 5f, 0f } : new[] { -1f, 0.5f }).ToArray();
        var entries = known.ItemIds.Concat(coldIds).Select(id => new CatalogEntry(id, "shoes", true, 1)).ToArray();
        var request = new PersonalRequest(2, [], new Dictionary<string, float> { ["k0"] = 1f }, null, 0, new HashSet<string> { "k0" },
            new HashSet<string>(), 0);

        var items = await PersonalRanker.RankAsync(request, known, new FakeCatalog(entries), new ColdStartFactors(coldIds, coldFactors),
            _ => Task.FromResult(Array.Empty<IReadOnlyList<Neighbor>>()));

        Assert.Equal(["new-250", "k1"], items.Select(i => i.ProductId));
        Assert.Equal("matches your taste", items[0].Reason);
    }

    [Fact]
    public async Task With_thousands_of_products_the_model_has_not_seen_the_index_ranks_as_scoring_every_product_does()
    {
        // 3,000 known products and 3,000 cold-start ones whose factors come from two known ones each (as text
        // neighbours give them): both indexes are searched past their scan budget, and both kinds make the lists.
        const int width = 16;
        var random = new Random(21);
        var knownIds = Enumerable.Range(0, 3_000).Select(i => $"k{i}").ToArray();
        // Around 60 tastes, as trained factors are.
        var tastes = Enumerable.Range(0, 60 * width).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var knownFactors = new float[3_000 * width];
        for (var k = 0; k < 3_000; k++)
        for (var f = 0; f < width; f++)
            knownFactors[k * width + f] = tastes[k % 60 * width + f] + 0.2f * ((float)random.NextDouble() - 0.5f);
        var known = new ItemFactorSnapshot(knownIds, knownFactors, width, alpha: 1, regularization: 0.1f);
        var coldIds = Enumerable.Range(0, 3_000).Select(i => $"c{i}").ToList();
        var coldFactors = new float[3_000 * width];
        for (var c = 0; c < 3_000; c++)
        for (var n = 0; n < 2; n++)
            TensorPrimitives.MultiplyAdd(knownFactors.AsSpan(random.Next(3_000) * width, width), 0.55f, coldFactors.AsSpan(c * width, width),
                coldFactors.AsSpan(c * width, width));
        var coldStart = new ColdStartFactors(coldIds, coldFactors);
        var catalog = new FakeCatalog(knownIds.Concat(coldIds).Select(id => new CatalogEntry(id, "shoes", true, 1)).ToArray());

        var (found, listed, coldListed) = (0, 0, 0);
        for (var customer = 0; customer < 50; customer++)
        {
            var weights = Enumerable.Range(0, 5).Select(_ => knownIds[random.Next(3_000)]).Distinct().ToDictionary(id => id, _ => 1f);
            var request = new PersonalRequest(10, [], weights, null, 0, weights.Keys.ToHashSet(), new HashSet<string>(), 0);
            var indexed = await PersonalRanker.RankAsync(request, known, catalog, coldStart, NoLiveNeighbors);
            var exhaustive = await PersonalRanker.RankAsync(request with { ExhaustiveRetrieval = true }, known, catalog, coldStart, NoLiveNeighbors);
            found += exhaustive.Select(i => i.ProductId).Intersect(indexed.Select(i => i.ProductId)).Count();
            listed += exhaustive.Count;
            coldListed += exhaustive.Count(i => i.ProductId.StartsWith('c'));
        }
        Assert.InRange(coldListed, listed / 10, listed * 9 / 10);
        Assert.True(found >= 0.98 * listed, $"recall of the exhaustive lists: {found}/{listed}");
    }

    private static readonly LiveNeighbors NoLiveNeighbors = ids => Task.FromResult(ids.Select(_ => (IReadOnlyList<Neighbor>)[]).ToArray());
}
