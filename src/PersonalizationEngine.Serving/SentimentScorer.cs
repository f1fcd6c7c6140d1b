using Microsoft.Extensions.Options;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Sentiment.Onnx;

namespace PersonalizationEngine.Serving;

/// <summary>
/// This silo's serving sentiment model: the configured ONNX transformer (one session, opened at start-up),
/// otherwise the latest published default model from its store, swapped in as one reference. Used by
/// SentimentService and by the live catalog scoring review events.
/// </summary>
public sealed class SentimentScorer : IReviewScorer, IDisposable
{
    private readonly ModelStore<SentimentModel> _store;
    private readonly OnnxSentimentModel? _onnx;

    public SentimentScorer(ModelStore<SentimentModel> store, IOptions<SentimentServingOptions> options)
    {
        _store = store;
        var settings = options.Value;
        if (!settings.UsesOnnx) return;
        _onnx = OnnxSentimentModel.Open(settings.OnnxModelPath!, settings.OnnxVocabularyPath!, new OnnxSentimentOptions
        {
            MaxTokens = settings.OnnxMaxTokens,
            BatchSize = settings.OnnxBatchSize,
            ExecutionProvider = settings.OnnxExecutionProvider,
            LowerCase = settings.OnnxLowerCase,
            NeutralBand = settings.NeutralBand,
        });
        OnnxVersion = OnnxVersionOf(settings.OnnxModelPath!);
    }

    /// <summary>The ONNX model's version name ("onnx-" and its file name) when one serves.</summary>
    public string? OnnxVersion { get; }

    public static string OnnxVersionOf(string modelPath) => "onnx-" + Path.GetFileNameWithoutExtension(modelPath);

    /// <summary>The serving classifier and its version name; null while no model is published yet.</summary>
    public (ISentimentClassifier Classifier, string Version)? Current =>
        _onnx is not null ? (_onnx, OnnxVersion!)
        : _store.Current is { } published ? (published.Model, published.VersionName)
        : null;

    public SentimentPrediction[]? ScoreAll(IReadOnlyList<string> texts) => Current?.Classifier.PredictAll(texts);

    public void Dispose() => _onnx?.Dispose();
}
