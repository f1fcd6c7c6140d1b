using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;
using PersonalizationEngine.Testing.Onnx;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Configured with an ONNX model and its vocabulary, the engine serves sentiment through ONNX Runtime instead of its trained model.</summary>
[Collection(EngineCollection.Name)]
public sealed class OnnxSentimentServingTests : IDisposable
{
    private readonly TinySentimentOnnx _onnx = new();
    private readonly string _dataFolder = RunningEngine.NewDataFolder();

    [Fact]
    public async Task The_onnx_model_answers_requests_and_scores_review_events()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder,
            $"Sentiment:OnnxModelPath={_onnx.ModelPath}", $"Sentiment:OnnxVocabularyPath={_onnx.VocabularyPath}", "Sentiment:OnnxBatchSize=2");

        var response = await engine.Sentiment.AnalyzeSentimentAsync(new AnalyzeSentimentRequest { Texts = { "a great movie", "awful, boring", "the movie" } });
        var run = await engine.Admin.RetrainAsync(new RetrainRequest { Model = "sentiment" });
        var status = (await engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).Models.Single(m => m.Model == "sentiment");
        await engine.Events.TrackAsync(Shop.Batch(new Event
        {
            EventId = "r1", CustomerId = "c1", ProductId = "film", Type = EventType.Review, Text = "I love it, great fun",
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }));
        var film = await Eventually.MatchAsync(() => engine.Sentiment.GetProductSentimentAsync(new ProductSentimentRequest { ProductId = "film" }).ResponseAsync, s => s.Positive == 1);

        Assert.Equal("onnx-model", response.ModelVersion);
        Assert.Equal([SentimentLabel.Positive, SentimentLabel.Negative, SentimentLabel.Neutral], response.Results.Select(r => r.Label));
        Assert.False(run.Published);
        Assert.Contains("ONNX", run.Note);
        Assert.Equal("onnx-model", status.Version);
        Assert.True(film.MeanScore > 0.9);
    }

    [Fact]
    public async Task A_model_without_its_vocabulary_stops_start_up_naming_both_settings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningEngine.StartAsync(_dataFolder, $"Sentiment:OnnxModelPath={_onnx.ModelPath}"));

        Assert.Contains("OnnxModelPath and OnnxVocabularyPath go together", error.Message);
    }

    public void Dispose()
    {
        _onnx.Dispose();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
