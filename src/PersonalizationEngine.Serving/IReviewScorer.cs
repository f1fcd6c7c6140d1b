using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Serving;

/// <summary>The silo's serving sentiment model, as the live catalog uses it to score review events once, when they are committed.</summary>
public interface IReviewScorer
{
    /// <summary>The text's sentiment; null while no sentiment model serves yet.</summary>
    SentimentPrediction? Score(string text);
}
