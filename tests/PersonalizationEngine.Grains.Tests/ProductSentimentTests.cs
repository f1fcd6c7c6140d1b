using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>Review events on a product's stream are scored on arrival and kept as the product's sentiment aggregate.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProductSentimentTests(ClusterFixture fixture)
{
    private readonly GrainEvents _events = new(fixture.Cluster.Client);

    [Fact]
    public async Task Reviews_update_counts_mean_and_a_trend_led_by_the_recent_ones()
    {
        var product = GrainEvents.NewId("p");
        var now = DateTimeOffset.UtcNow;
        // Praised two months ago, panned this week.
        await ReviewAsync(product, "The quality is excellent, really lovely finish!", now.AddDays(-60));
        await ReviewAsync(product, "Great value, the fit is perfect.", now.AddDays(-59));
        await ReviewAsync(product, "Honestly the material is terrible.", now.AddDays(-2));
        await ReviewAsync(product, "The packaging was broken and the price is not good.", now.AddDays(-1));
        var grain = fixture.Cluster.Client.GetGrain<IProductGrain>(product);

        var sentiment = await Eventually.MatchAsync(grain.GetSentimentAsync, s => s.Negative + s.Neutral + s.Positive == 4);

        Assert.Equal(2, sentiment.Positive);
        Assert.Equal(2, sentiment.Negative);
        Assert.InRange(sentiment.MeanScore, -0.5, 0.5);
        // Four 14-day half-lives separate the praise from the complaints: the trend is nearly theirs alone.
        Assert.True(sentiment.RecentTrend < sentiment.MeanScore - 0.3, $"trend {sentiment.RecentTrend} vs mean {sentiment.MeanScore}");
        Assert.Equal(0, sentiment.Unscored);
    }

    [Fact]
    public async Task Reviews_that_arrive_before_a_model_serves_are_scored_once_one_does()
    {
        var product = GrainEvents.NewId("p");
        var grain = fixture.Cluster.Client.GetGrain<IProductGrain>(product);
        ReviewScorerSwitch.Instance.Serving = false;
        ProductSentiment waiting;
        try
        {
            await ReviewAsync(product, "Really wonderful design.", DateTimeOffset.UtcNow);
            await ReviewAsync(product, "This size was awful!", DateTimeOffset.UtcNow);
            waiting = await Eventually.MatchAsync(grain.GetSentimentAsync, s => s.Unscored == 2);
        }
        finally
        {
            ReviewScorerSwitch.Instance.Serving = true;
        }

        var scored = await grain.GetSentimentAsync();

        Assert.Equal(0, waiting.Positive + waiting.Negative + waiting.Neutral);
        Assert.Equal((1, 1, 0), (scored.Positive, scored.Negative, scored.Unscored));
    }

    [Fact]
    public async Task A_product_without_reviews_has_an_empty_aggregate()
    {
        var sentiment = await fixture.Cluster.Client.GetGrain<IProductGrain>(GrainEvents.NewId("p")).GetSentimentAsync();

        Assert.Equal(new ProductSentiment(0, 0, 0, 0, 0, 0), sentiment);
    }

    private Task ReviewAsync(string product, string text, DateTimeOffset at) =>
        _events.PublishAsync(_events.Make(GrainEvents.NewId("c"), product, InteractionType.Review, at, value: 0, text: text));
}
