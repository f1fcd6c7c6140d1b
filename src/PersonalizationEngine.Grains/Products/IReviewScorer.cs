using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Grains.Products;

/// <summary>The silo's serving sentiment model, as product grains use it to score review events.</summary>
public interface IReviewScorer
{
    /// <summary>The text's sentiment; null while no sentiment model serves yet.</summary>
    SentimentPrediction? Score(string text);
}
