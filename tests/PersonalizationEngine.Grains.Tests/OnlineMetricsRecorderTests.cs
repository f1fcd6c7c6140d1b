using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Grains.Experiments;

namespace PersonalizationEngine.Grains.Tests;

public sealed class OnlineMetricsRecorderTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 20, 0, TimeSpan.Zero);

    [Fact]
    public void A_recommendation_id_carries_its_version_and_arm_and_nothing_else_parses()
    {
        var tag = new ServedListTag("recommendation-v3", "spring-test", ServedListTag.Challenger);

        Assert.True(RecommendationIds.TryParse(RecommendationIds.New(tag), out var parsed));
        Assert.Equal(tag, parsed);
        Assert.True(RecommendationIds.TryParse(RecommendationIds.New(new ServedListTag("popularity")), out var plain));
        Assert.Equal(new ServedListTag("popularity"), plain);
        Assert.NotEqual(RecommendationIds.New(tag), RecommendationIds.New(tag));
        foreach (var bad in new[] { "", "abc", "0123456789abcdef", "0123456789abcdeg.v1", "0123456789abcdef.", "0123456789abcdef.v1.exp.neither", "0123456789abcdef.v1.exp" })
            Assert.False(RecommendationIds.TryParse(bad, out _), bad);
    }

    [Fact]
    public void Counts_add_up_per_hour_and_tag_and_what_could_not_be_sent_comes_back()
    {
        var recorder = new OnlineMetricsRecorder();
        var control = new ServedListTag("v1", "exp", ServedListTag.Control);
        recorder.Served(control, 10, At);
        recorder.Served(control, 5, At.AddMinutes(30));
        recorder.Served(control, 5, At.AddHours(1));
        recorder.Attributed(control, InteractionType.Click, 0, At);
        recorder.Attributed(control, InteractionType.Purchase, 25, At);
        recorder.Attributed(control, InteractionType.View, 0, At);
        recorder.WindowPurchase(control, 12, At);

        var rows = recorder.Take();
        recorder.Restore(rows);
        var again = recorder.Take();

        Assert.Empty(recorder.Take());
        var first = again.Single(r => r.Hour == new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(new OnlineCounts(Lists: 2, Items: 15, Clicks: 1, Purchases: 1, Revenue: 25, WindowPurchases: 1, WindowRevenue: 12), first.Counts);
        Assert.Equal(new OnlineCounts(Lists: 1, Items: 5), again.Single(r => r.Hour.Hour == 11).Counts);
    }
}
