namespace PersonalizationEngine.ML.Sentiment;

/// <summary>A sentiment model that serves: the default n-gram model or a transformer through ONNX Runtime. Thread-safe.</summary>
public interface ISentimentClassifier
{
    SentimentPrediction Predict(string text);

    /// <summary>One prediction per text, in order (faster per text than one at a time).</summary>
    SentimentPrediction[] PredictAll(IReadOnlyList<string> texts);
}
