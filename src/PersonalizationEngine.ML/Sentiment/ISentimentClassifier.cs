namespace PersonalizationEngine.ML.Sentiment;

/// <summary>A sentiment model that serves: the default n-gram model or a transformer through ONNX Runtime. Thread-safe.</summary>
public interface ISentimentClassifier
{
    /// <summary>One prediction per text, in order.</summary>
    SentimentPrediction[] PredictAll(IReadOnlyList<string> texts);
}
