using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Retrieval;

namespace PersonalizationEngine.ML.Tests;

public sealed class FactorIndexTests
{
    [Fact]
    public void Search_OnASmallCatalog_IsTheExhaustiveTopK()
    {
        var random = new Random(3);
        var factors = Gaussian(random, 600 * 16);
        var index = FactorIndex.Build(factors, 16);
        for (var q = 0; q < 50; q++)
        {
            var query = Gaussian(random, 16);
            Assert.Equal(Exhaustive(factors, query, 10), index.Search(query, 10).Select(r => r.Item));
        }
    }

    [Fact]
    public void Search_WithProductsThatTie_KeepsEveryBetterScoreAheadOfTheTies()
    {
        // Cold-start products with the same content share one factor: their scores tie by the hundred.
        var random = new Random(13);
        var shared = Gaussian(random, 20 * 16);
        var factors = new float[1_500 * 16];
        for (var i = 0; i < 1_500; i++) shared.AsSpan(random.Next(20) * 16, 16).CopyTo(factors.AsSpan(i * 16));
        var index = FactorIndex.Build(factors, 16);
        for (var q = 0; q < 30; q++)
        {
            var query = Gaussian(random, 16);
            var best = Enumerable.Range(0, 1_500).Select(i => TensorPrimitives.Dot(query, factors.AsSpan(i * 16, 16))).OrderDescending().Take(50);
            Assert.Equal(best, index.Search(query, 50).Select(r => r.Score));
        }
    }

    [Fact]
    public void Search_OnALargeCatalog_FindsNearlyAllOfTheExhaustiveTopK()
    {
        // 30,000 items around 300 tastes, customers mixing a few tastes: the shape of trained factors.
        var random = new Random(5);
        const int width = 32;
        var tastes = Gaussian(random, 300 * width);
        var factors = new float[30_000 * width];
        for (var i = 0; i < 30_000; i++)
        {
            var noise = Gaussian(random, width);
            TensorPrimitives.MultiplyAdd(noise, 0.4f, tastes.AsSpan(random.Next(300) * width, width), factors.AsSpan(i * width, width));
        }
        var index = FactorIndex.Build(factors, width);
        Assert.True(index.ClusterCount > 100);
        var found = 0;
        for (var q = 0; q < 100; q++)
        {
            var query = new float[width];
            for (var t = 0; t < 3; t++) TensorPrimitives.Add(query, tastes.AsSpan(random.Next(300) * width, width), query);
            found += Exhaustive(factors, query, 40).Intersect(index.Search(query, 40).Select(r => r.Item)).Count();
        }
        Assert.True(found >= 0.95 * 100 * 40, $"recall of the exhaustive top 40: {found / 4000.0:F3}");
    }

    [Fact]
    public void Search_AboveAScore_IsTheExhaustiveTopKAboveIt()
    {
        var random = new Random(17);
        var factors = Gaussian(random, 2_000 * 16);
        var index = FactorIndex.Build(factors, 16);
        for (var q = 0; q < 50; q++)
        {
            var query = Gaussian(random, 16);
            var scores = Enumerable.Range(0, 2_000).Select(i => TensorPrimitives.Dot(query, factors.AsSpan(i * 16, 16))).ToArray();
            // From nothing above it to all of the top 40 above it.
            var above = scores.OrderDescending().ElementAt(q % 45);
            var expected = Exhaustive(factors, query, 40).Where(i => scores[i] > above);
            Assert.Equal(expected, index.Search(query, 40, above).Select(r => r.Item));
        }
    }

    [Fact]
    public void Search_ReturnsExactScoresBestFirst()
    {
        var random = new Random(7);
        var factors = Gaussian(random, 3_000 * 8);
        var query = Gaussian(random, 8);
        var result = FactorIndex.Build(factors, 8).Search(query, 25);
        Assert.Equal(25, result.Count);
        foreach (var (item, score) in result) Assert.Equal(TensorPrimitives.Dot(query, factors.AsSpan(item * 8, 8)), score, 4);
        Assert.Equal(result.OrderByDescending(r => r.Score).Select(r => r.Item), result.Select(r => r.Item));
    }

    [Fact]
    public void Int8Dot_IsTheFloatDotWithinQuantizationError()
    {
        var random = new Random(11);
        var row = Gaussian(random, 40);
        var query = Gaussian(random, 40);
        var padded = Int8Codes.PaddedWidth(40);
        Assert.Equal(48, padded);
        var rowCodes = new sbyte[padded];
        var queryCodes = new short[padded];
        var approximate = Int8Codes.Encode(row, rowCodes) * Int8Codes.EncodeQuery(query, queryCodes) * Int8Codes.Dot(rowCodes, queryCodes);
        var exact = TensorPrimitives.Dot(row, query);
        var tolerance = 0.02 * TensorPrimitives.Norm(row) * TensorPrimitives.Norm(query);
        Assert.InRange(approximate, exact - tolerance, exact + tolerance);
    }

    [Theory]
    [InlineData(16, 9)]
    [InlineData(48, 7)]
    [InlineData(64, 130)]
    public void Int8DotRows_IsEachRowsDot(int width, int rows)
    {
        var random = new Random(width + rows);
        var codes = new sbyte[rows * width];
        var query = new short[width];
        for (var i = 0; i < codes.Length; i++) codes[i] = (sbyte)random.Next(-127, 128);
        for (var i = 0; i < width; i++) query[i] = (short)random.Next(-127, 128);
        var dots = new int[rows];

        Int8Codes.DotRows(codes, query, dots);

        for (var row = 0; row < rows; row++) Assert.Equal(Int8Codes.Dot(codes.AsSpan(row * width, width), query), dots[row]);
    }

    [Fact]
    public void ServedPath_WithTheIndex_AgreesWithExhaustiveScoring()
    {
        // 4,000 items: above the index's scan budget, so retrieval is really two-stage.
        var random = new Random(13);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = new List<Interaction>();
        for (var u = 0; u < 800; u++)
        {
            var group = u % 20;
            for (var n = 0; n < 30; n++) data.Add(new Interaction($"u{u}", $"i{group}-{random.Next(200)}", 1, at.AddMinutes(n)));
        }
        var (train, test) = DataSplit.StratifiedRandom(data, 0.75, 1);
        var matrix = InteractionMatrix.Build(train);
        var served = new ServedRankerModel(train, new ImplicitAlsOptions(Factors: 16, Iterations: 8), () => new ItemToItemModel(easeMaxItems: 0), 10);
        served.Fit(matrix);
        var agreement = RetrievalAgreement.Measure(served, matrix, OfflineEvaluator.RelevantOf(test), 10);
        Assert.True(agreement.RecallOfExhaustive >= 0.98, $"recall of the exhaustive top 10: {agreement.RecallOfExhaustive:F3}");
        Assert.True(Math.Abs(agreement.NdcgDifference) <= 0.003, $"NDCG@10 two-stage {agreement.TwoStageNdcg:F4}, exhaustive {agreement.ExhaustiveNdcg:F4}");
    }

    private static int[] Exhaustive(float[] factors, float[] query, int k)
    {
        var scores = new float[factors.Length / query.Length];
        RowDotProducts.Compute(factors, query, scores);
        return TopK.Select(scores, k);
    }

    private static float[] Gaussian(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
}
