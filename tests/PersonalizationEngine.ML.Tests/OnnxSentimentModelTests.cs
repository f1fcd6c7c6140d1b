using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Sentiment.Onnx;
using PersonalizationEngine.Testing.Onnx;

namespace PersonalizationEngine.ML.Tests;

/// <summary>The ONNX Runtime path against a model the test writes itself and its reference computation in C#.</summary>
public sealed class OnnxSentimentModelTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "The movie was great!", "Awful, boring movie.", "not good", "I love the movies", "a very bad movie, not fun",
        "the the the", "Fun", "hate", "Movies was goodly.", "",
    ];

    private readonly TinySentimentOnnx _files = new();

    [Fact]
    public void WordPiece_ids_follow_the_vocabulary()
    {
        using var model = OnnxSentimentModel.Open(_files.ModelPath, _files.VocabularyPath, new OnnxSentimentOptions());

        var ids = model.Tokenize("Movies were FUN!").Select(id => TinySentimentOnnx.Vocabulary[id]);

        Assert.Equal(["[CLS]", "movie", "##s", "[UNK]", "fun", "!", "[SEP]"], ids);
    }

    [Fact]
    public void Batched_predictions_equal_the_reference_computation()
    {
        // A batch size that splits the texts unevenly, so padding and the last short batch are both exercised.
        using var model = OnnxSentimentModel.Open(_files.ModelPath, _files.VocabularyPath, new OnnxSentimentOptions { BatchSize = 4 });

        var predictions = model.PredictAll(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            var (negative, positive) = TinySentimentOnnx.ReferenceLogits(model.Tokenize(Texts[i]));
            var expected = SentimentPrediction.From(1 / (1 + Math.Exp(negative - positive)), 0.15);
            Assert.Equal(expected.Label, predictions[i].Label);
            Assert.Equal(expected.PositiveProbability, predictions[i].PositiveProbability, 5);
        }
        Assert.Equal(SentimentLabel.Positive, predictions[0].Label);
        Assert.Equal(SentimentLabel.Negative, predictions[1].Label);
    }

    [Fact]
    public void Long_texts_are_cut_to_the_token_limit_and_models_without_token_types_run()
    {
        using var files = new TinySentimentOnnx(withTokenTypes: false);
        using var model = OnnxSentimentModel.Open(files.ModelPath, files.VocabularyPath, new OnnxSentimentOptions { MaxTokens = 8 });
        var longText = string.Join(' ', Enumerable.Repeat("great", 50)) + " awful awful awful";

        var ids = model.Tokenize(longText);
        var prediction = model.PredictAll([longText]).Single();

        Assert.Equal(8, ids.Count);
        var (negative, positive) = TinySentimentOnnx.ReferenceLogits(ids);
        Assert.Equal(1 / (1 + Math.Exp(negative - positive)), prediction.PositiveProbability, 5);
    }

    [Fact]
    public void An_unknown_execution_provider_is_refused_naming_the_choices()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxSentimentModel.Open(_files.ModelPath, _files.VocabularyPath, new OnnxSentimentOptions { ExecutionProvider = "TPU" }));
        Assert.Contains("CPU or CUDA", error.Message);
    }

    public void Dispose() => _files.Dispose();
}
