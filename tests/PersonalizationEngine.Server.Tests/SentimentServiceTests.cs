using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>SentimentService end to end over the engine's own trained model (<see cref="SentimentEngineFixture"/>).</summary>
[Collection(EngineCollection.Name)]
public sealed class SentimentServiceTests(SentimentEngineFixture sentiment, EngineFixture plain) : IClassFixture<SentimentEngineFixture>
{
    private RunningEngine Engine => sentiment.Engine;

    [Fact]
    public async Task The_first_model_trains_itself_from_the_configured_corpus_and_labels_a_batch()
    {
        var request = new AnalyzeSentimentRequest { Texts = { "The quality is excellent!", "Really awful service.", "The fit is not good." } };

        var response = await Engine.Sentiment.AnalyzeSentimentAsync(request);

        Assert.Equal("sentiment-v1", response.ModelVersion);
        Assert.Equal([SentimentLabel.Positive, SentimentLabel.Negative, SentimentLabel.Negative], response.Results.Select(r => r.Label));
        Assert.All(response.Results, r => Assert.InRange(r.Probability, 0.5, 1));
        Assert.True(response.Results[0].Score > 0.3 && response.Results[1].Score < -0.3);
        var status = (await Engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "sentiment");
        Assert.Equal("sentiment-v1", status.Version);
        Assert.Equal(SentimentEngineFixture.CorpusTexts, status.Metrics["corpus_texts"]);
        Assert.InRange(status.Metrics["accuracy"], 0.9, 1);
        // The sentence encoder is on by default: three classifiers competed and the published one is the most accurate.
        double[] accuracies = [status.Metrics["ngrams_accuracy"], status.Metrics["encoder_accuracy"], status.Metrics["combined_accuracy"]];
        Assert.Equal(accuracies.Max(), status.Metrics["accuracy"], 9);
    }

    [Theory]
    [InlineData(0, "texts: must not be empty")]
    [InlineData(6, "texts: at most 5 per call")]
    [InlineData(-1, "texts[1]: must not be empty")]
    [InlineData(-2, "texts[0]: is longer than 200 characters")]
    public async Task Bad_batches_are_refused_naming_the_field(int texts, string message)
    {
        var request = new AnalyzeSentimentRequest();
        request.Texts.AddRange(texts switch
        {
            -1 => ["fine", " "],
            -2 => [new string('a', 201)],
            _ => Enumerable.Repeat("fine", texts),
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.Sentiment.AnalyzeSentimentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
    }

    [Fact]
    public async Task Tracked_reviews_change_the_product_aggregate()
    {
        var shop = new Shop();
        var product = new ProductSentimentRequest { ProductId = shop.Id("kettle") };
        var before = await Engine.Sentiment.GetProductSentimentAsync(product);

        await Engine.Events.TrackAsync(Shop.Batch(
            Review(shop, "The design is lovely, really great.", 5),
            Review(shop, "Perfect size and sturdy material!", 4),
            Review(shop, "Honestly the finish is dreadful.", 1)));
        var after = await Eventually.MatchAsync(() => Engine.Sentiment.GetProductSentimentAsync(product).ResponseAsync, s => s.Positive + s.Negative + s.Neutral == 3);

        Assert.Equal(0, before.Positive + before.Negative + before.Neutral);
        Assert.Equal((2, 1), (after.Positive, after.Negative));
        Assert.InRange(after.MeanScore, 0.05, 0.9);
        Assert.InRange(after.RecentTrend, -1, 1);
    }

    [Theory]
    [InlineData("", 5, "events[0].text: a review needs its text")]
    [InlineData("nice", 7, "events[0].value: a review's rating must be between 0 and 5")]
    public async Task A_review_without_text_or_with_an_impossible_rating_is_refused(string text, double stars, string message)
    {
        var shop = new Shop();
        var review = Review(shop, text, stars);

        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.Events.TrackAsync(Shop.Batch(review)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
    }

    [Fact]
    public async Task Rated_shop_reviews_join_the_corpus_in_retraining()
    {
        var shop = new Shop();
        var reviews = Enumerable.Range(0, 10).Select(i => Review(shop, i % 2 == 0 ? "Lovely kettle, works great" : "Broken kettle, useless", i % 2 == 0 ? 5 : 1))
            .Append(Review(shop, "It is a kettle.", 3)) // three stars say nothing sure: not a training text
            .ToArray();
        await Engine.Events.TrackAsync(Shop.Batch(reviews));

        var run = await Engine.Admin.RetrainAsync(new RetrainRequest { Model = "sentiment" });

        Assert.True(run.Metrics["shop_reviews"] >= 10, run.Note);
        Assert.Equal(SentimentEngineFixture.CorpusTexts, run.Metrics["corpus_texts"]);
        Assert.True(run.Metrics.ContainsKey("serving_accuracy"));
    }

    [Fact]
    public async Task Without_a_corpus_or_rated_reviews_there_is_no_model_and_the_status_says_why()
    {
        var run = await plain.Engine.Admin.RetrainAsync(new RetrainRequest { Model = "sentiment" });
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            plain.Engine.Sentiment.AnalyzeSentimentAsync(new AnalyzeSentimentRequest { Texts = { "fine" } }).ResponseAsync);
        var status = (await plain.Engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "sentiment");

        Assert.False(run.Published);
        Assert.StartsWith("not trained", run.Note);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("none", status.Version);
        Assert.StartsWith("not trained", status.Algorithm);
    }

    private static Event Review(Shop shop, string text, double stars) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        CustomerId = shop.Id("reviewer"),
        ProductId = shop.Id("kettle"),
        Type = EventType.Review,
        Value = stars,
        Text = text,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };
}
