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
}
