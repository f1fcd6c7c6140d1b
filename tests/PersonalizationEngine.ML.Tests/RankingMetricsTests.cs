using PersonalizationEngine.ML.Evaluation;

namespace PersonalizationEngine.ML.Tests;

public sealed class RankingMetricsTests
{
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Lists(params (string User, string[] Items)[] lists) =>
        lists.ToDictionary(l => l.User, l => (IReadOnlyList<string>)l.Items);

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Truth(params (string User, string[] Items)[] sets) =>
        sets.ToDictionary(s => s.User, s => (IReadOnlySet<string>)s.Items.ToHashSet());

    [Fact]
    public void Matches_hand_computed_values()
    {
        // User a: hits at ranks 1 and 3 of 3 recommended, 4 relevant items. User b: no hit, 1 relevant.
        var result = RankingMetrics.Evaluate(
            Lists(("a", ["x", "n1", "y", "n2"]), ("b", ["n3", "n4", "n5"])),
            Truth(("a", ["x", "y", "z", "w"]), ("b", ["q"])),
            k: 3);

        Assert.Equal(2, result.Users);
        Assert.Equal((2.0 / 3 + 0) / 2, result.Precision, 12);
        Assert.Equal((2.0 / 4 + 0) / 2, result.Recall, 12);
        var dcg = 1 / Math.Log2(2) + 1 / Math.Log2(4);
        var idcg = 1 / Math.Log2(2) + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal((dcg / idcg + 0) / 2, result.Ndcg, 12);
        // Precision at the hits: 1/1 and 2/3. map divides by all 4 relevant; map@k by min(4, 3).
        Assert.Equal(((1 + 2.0 / 3) / 4 + 0) / 2, result.Map, 12);
        Assert.Equal(((1 + 2.0 / 3) / 3 + 0) / 2, result.MapAtK, 12);
    }

    [Fact]
    public void Only_users_with_both_truth_and_recommendations_count()
    {
        var result = RankingMetrics.Evaluate(Lists(("a", ["x"]), ("c", ["x"])), Truth(("a", ["x"]), ("b", ["x"])), k: 1);

        Assert.Equal(1, result.Users);
        Assert.Equal(1.0, result.Precision);
        Assert.Equal(1.0, result.Ndcg);
    }
}
