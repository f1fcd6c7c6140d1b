using PersonalizationEngine.ML.Propensity;

namespace PersonalizationEngine.ML.Tests;

public class NegativeSampleTests
{
    [Fact]
    public void Every_positive_and_about_the_rate_of_the_negatives_are_kept_each_negative_weighing_what_it_stands_for()
    {
        var rows = Enumerable.Range(0, 10_000).Select(i => new LabeledRow($"c{i}", [i], Label: i % 10 == 0)).ToList();

        var kept = new NegativeSample(0.25, new Random(7)).Of(rows);

        Assert.Equal(1_000, kept.Count(r => r.Label));
        Assert.All(kept.Where(r => r.Label), r => Assert.Equal(1f, r.Weight));
        Assert.InRange(kept.Count(r => !r.Label), 2_100, 2_400); // 9,000 × 0.25 = 2,250
        Assert.All(kept.Where(r => !r.Label), r => Assert.Equal(4f, r.Weight));
        // Weighted, the negatives stand for about as many as there were.
        Assert.InRange(kept.Where(r => !r.Label).Sum(r => r.Weight), 8_400, 9_600);
    }

    [Fact]
    public void A_rate_of_one_keeps_everything_unweighted()
    {
        var rows = Enumerable.Range(0, 100).Select(i => new LabeledRow($"c{i}", [i], Label: i % 3 == 0)).ToList();

        Assert.Equal(rows, new NegativeSample(1, new Random(1)).Of(rows));
    }
}
